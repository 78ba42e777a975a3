import { prepareBedrockTools } from './bedrock-prepare-tools';

const readFile = {
  name: 'read_file',
  description: 'Read a file',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' } },
    required: ['path'],
  },
};

describe('prepareBedrockTools', () => {
  it('sends no toolConfig without tools or with toolChoice none', () => {
    expect(prepareBedrockTools(undefined, 'required')).toBeUndefined();
    expect(prepareBedrockTools([], 'auto')).toBeUndefined();
    expect(prepareBedrockTools([readFile], 'none')).toBeUndefined();
  });

  it('maps tools to toolSpec.inputSchema.json', () => {
    expect(
      prepareBedrockTools(
        [readFile, { name: 'list_files', parameters: { type: 'object' } }],
        undefined,
      ),
    ).toMatchInlineSnapshot(`
      {
        "tools": [
          {
            "toolSpec": {
              "description": "Read a file",
              "inputSchema": {
                "json": {
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
              },
              "name": "read_file",
            },
          },
          {
            "toolSpec": {
              "inputSchema": {
                "json": {
                  "type": "object",
                },
              },
              "name": "list_files",
            },
          },
        ],
      }
    `);
  });

  it('maps auto, required and a named tool', () => {
    expect(
      ['auto', 'required', { name: 'read_file' }].map(
        choice => prepareBedrockTools([readFile], choice as any)?.toolChoice,
      ),
    ).toMatchInlineSnapshot(`
      [
        {
          "auto": {},
        },
        {
          "any": {},
        },
        {
          "tool": {
            "name": "read_file",
          },
        },
      ]
    `);
  });
});
