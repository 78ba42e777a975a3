import { fetchHeaders } from './upstream-dispatcher';

describe('fetchHeaders', () => {
  it('keeps every value of a repeated header and skips absent ones', () => {
    const headers = fetchHeaders({
      'retry-after': '2',
      'x-ratelimit-remaining-requests': ['9', '8'],
      'set-cookie': ['a=1', 'b=2'],
      'x-absent': undefined,
    });
    expect(headers.get('retry-after')).toBe('2');
    expect(headers.get('x-ratelimit-remaining-requests')).toBe('9, 8');
    expect(headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(headers.has('x-absent')).toBe(false);
  });
});
