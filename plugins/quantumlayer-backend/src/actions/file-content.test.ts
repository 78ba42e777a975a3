import { fileContent } from './file-content';

describe('fileContent', () => {
  it('returns UTF-8 text as is', () => {
    expect(fileContent(Buffer.from('print("héllo")\n'), 1024)).toEqual({
      encoding: 'utf-8',
      content: 'print("héllo")\n',
      truncated: false,
      returnedBytes: 16,
    });
  });

  it('cuts long text at a character boundary, never inside one', () => {
    // "é" is two bytes: a 4-byte cut of "aéé" would split the second one.
    expect(fileContent(Buffer.from('aéé'), 4)).toEqual({
      encoding: 'utf-8',
      content: 'aé',
      truncated: true,
      returnedBytes: 3,
    });
  });

  it('returns binary content base64, cut to maxBytes', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(fileContent(png, 1024)).toEqual({
      encoding: 'base64',
      content: png.toString('base64'),
      truncated: false,
      returnedBytes: 8,
    });
    expect(fileContent(Buffer.from([0, 1, 2, 3]), 2)).toEqual({
      encoding: 'base64',
      content: Buffer.from([0, 1]).toString('base64'),
      truncated: true,
      returnedBytes: 2,
    });
  });
});
