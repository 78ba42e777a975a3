import { PROMPT_TEMPLATES, PromptTemplate } from './templates';

/** The prompt the enhance stage produced, with the template that made it. */
export interface EnhancedPrompt {
  templateId: string;
  templateVersion: number;
  system: string;
  user: string;
}

/** Looks up the versioned meta-prompt for a language/type and fills it in. */
export class PromptRegistry {
  constructor(
    private readonly templates: PromptTemplate[] = PROMPT_TEMPLATES,
  ) {}

  find(language: string, type: string): PromptTemplate {
    const match =
      this.templates.find(t => t.language === language && t.type === type) ??
      this.templates.find(t => t.language === language && t.type === '*') ??
      this.templates.find(t => t.language === '*' && t.type === '*');
    if (!match) {
      throw new Error(`no prompt template for ${language}/${type}`);
    }
    return match;
  }

  render(options: {
    language: string;
    type: string;
    values: Record<string, string>;
  }): EnhancedPrompt {
    const template = this.find(options.language, options.type);
    const fill = (text: string) =>
      text.replace(
        /\{\{(\w+)\}\}/g,
        (_, key: string) => options.values[key] ?? '',
      );
    return {
      templateId: template.id,
      templateVersion: template.version,
      system: fill(template.system),
      user: fill(template.user).trim(),
    };
  }
}
