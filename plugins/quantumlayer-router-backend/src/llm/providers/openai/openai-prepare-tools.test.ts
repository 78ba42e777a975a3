import { prepareOpenAiTools } from './openai-prepare-tools';

const tool = {
  name: 'read_file',
  description: 'Reads a file',
  parameters: { type: 'object', properties: { path: { type: 'string' } } },
};

describe('prepareOpenAiTools', () => {
  it('sends nothing without tools, even with a tool choice', () => {
    expect(prepareOpenAiTools(undefined, 'required')).toEqual({});
    expect(prepareOpenAiTools([], { name: 'read_file' })).toEqual({});
  });

  it('converts tools and leaves tool_choice out when unset', () => {
    expect(
      prepareOpenAiTools([tool, { name: 'list', parameters: {} }], undefined),
    ).toMatchInlineSnapshot(`
      {
        "tools": [
          {
            "function": {
              "description": "Reads a file",
              "name": "read_file",
              "parameters": {
                "properties": {
                  "path": {
                    "type": "string",
                  },
                },
                "type": "object",
              },
            },
            "type": "function",
          },
          {
            "function": {
              "name": "list",
              "parameters": {},
            },
            "type": "function",
          },
        ],
      }
    `);
  });

  it('converts each tool choice', () => {
    expect(
      (['auto', 'none', 'required', { name: 'read_file' }] as const).map(
        choice => prepareOpenAiTools([tool], choice).tool_choice,
      ),
    ).toMatchInlineSnapshot(`
      [
        "auto",
        "none",
        "required",
        {
          "function": {
            "name": "read_file",
          },
          "type": "function",
        },
      ]
    `);
  });
});
