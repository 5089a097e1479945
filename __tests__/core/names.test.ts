import { describe, expect, it } from '@jest/globals';
import { SCRIPTS, TOKEN_RECORD } from '../../src/TypeScript/core/names';

describe('fixed names', () => {
  it('keeps the contract ids of DESIGN.md', () => {
    expect(SCRIPTS.refresher.scriptId).toBe('customscript_oauth_token_refresher');
    expect(TOKEN_RECORD.fields.token).toBe('custrecord_oauth_token');
  });
});
