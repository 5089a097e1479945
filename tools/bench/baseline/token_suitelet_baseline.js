/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
// BASELINE for `npm run bench` only: never part of the product, never deploy it.
//
// The token Suitelet as the "OAuth 2.0 Setup Guide for NetSuite" writes it (Step 5, "3. Suitelet
// (Token Endpoint)"): on EVERY call it loads the token record with record.load by a hard-coded
// internal id, and it checks credentials kept in PLAINTEXT in the script. The benchmark serves it
// next to the product's proxy so that the cost of each design shows side by side.
//
// Two changes from the guide, both needed for it to answer at all and neither changing its cost:
// - the guide compares the status with `status !== 1`; list value ids are account-specific and
//   getValue returns a string, so the bench substitutes the account's Active id below and
//   compares as strings;
// - the credential below is a placeholder for the bench, NOT a real secret and NOT an nsk_ key.
// The bench replaces the two ids (TOKEN_RECORD_ID, ACTIVE_STATUS_ID) with the in-memory account's.
define(['N/record', 'N/log'], function (record, log) {
  const CONFIG = {
    TOKEN_RECORD_ID: 1,
    ACTIVE_STATUS_ID: 1,
    // Hardcoded credentials for authentication (as in the guide): plaintext, compared as is.
    VALID_CREDENTIALS: {
      bench_user: 'bench-plaintext-credential-not-a-secret',
    },
  };

  function onRequest(context) {
    const response = context.response;
    response.setHeader({ name: 'Content-Type', value: 'application/json' });

    try {
      // 1. Validate Username & Password
      const username = context.request.parameters.username || context.request.headers['X-Username'];
      const password = context.request.parameters.password || context.request.headers['X-Password'];

      if (!validateCredentials(username, password)) {
        log.audit('Auth Failed', 'Invalid credentials from: ' + username);
        response.write(JSON.stringify({ error: 'unauthorized', message: 'Invalid username or password' }));
        return;
      }

      // 2. Load token from custom record
      const tokenRecord = record.load({ type: 'customrecord_oauth_token', id: CONFIG.TOKEN_RECORD_ID });

      const accessToken = tokenRecord.getValue({ fieldId: 'custrecord_oauth_token' });
      const expiresAt = tokenRecord.getValue({ fieldId: 'custrecord_oauth_expires' });
      const status = tokenRecord.getValue({ fieldId: 'custrecord_oauth_status' });

      // 3. Check if token is valid
      if (String(status) !== String(CONFIG.ACTIVE_STATUS_ID) || new Date() > expiresAt) {
        response.write(JSON.stringify({ error: 'token_expired', message: 'Token has expired, please wait for refresh' }));
        return;
      }

      // 4. Return token
      response.write(JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_at: expiresAt.toISOString() }));

      log.audit('Token Requested', 'Token provided to: ' + username);
    } catch (e) {
      log.error('Token Endpoint Error', e.message);
      response.write(JSON.stringify({ error: 'server_error', message: 'Failed to retrieve token' }));
    }
  }

  /**
   * Validate username and password against hardcoded credentials
   */
  function validateCredentials(username, password) {
    if (!username || !password) {
      return false;
    }
    return CONFIG.VALID_CREDENTIALS[username] === password;
  }

  return { onRequest };
});
