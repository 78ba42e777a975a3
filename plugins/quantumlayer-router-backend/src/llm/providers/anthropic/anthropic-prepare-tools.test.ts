import { prepareAnthropicTools } from './anthropic-prepare-tools';

const readFile = {
  name: 'read_file',
  description: 'Read a file',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' } },
    required: ['path'],
  },
};

describe('prepareAnthropicTools', () => {
  it('leaves tools and tool choice out when there are no tools', () => {
    expect(prepareAnthropicTools(undefined, 'required')).toEqual({});
    expect(prepareAnthropicTools([], 'auto')).toEqual({});
  });

  it('maps tools to input_schema and required to any', () => {
    expect(
      prepareAnthropicTools(
        [readFile, { name: 'list_files', parameters: {} }],
        'required',
      ),
    ).toMatchInlineSnapshot(`
      {
        "tool_choice": {
          "type": "any",
        },
        "tools": [
          {
            "description": "Read a file",
            "input_schema": {
              "properties": {
                "path": {
                  "type": "string",
                },
              },
              "required": [
                "path",
              ],
              "type": "object",
            },
            "name": "read_file",
          },
          {
            "input_schema": {
              "type": "object",
            },
            "name": "list_files",
          },
        ],
      }
    `);
  });

  it('maps none, auto and a named tool', () => {
    expect(
      [undefined, 'auto', 'none', { name: 'read_file' }].map(
        choice => prepareAnthropicTools([readFile], choice as any).tool_choice,
      ),
    ).toMatchInlineSnapshot(`
      [
        undefined,
        {
          "type": "auto",
        },
        {
          "type": "none",
        },
        {
          "name": "read_file",
          "type": "tool",
        },
      ]
    `);
  });
});
