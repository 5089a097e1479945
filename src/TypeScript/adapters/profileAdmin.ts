/**
 * Token profile records (customrecord_oauth_profile) for the key admin page: list, read, create,
 * edit, deactivate and reactivate. The key file and signing certificate are stored as references
 * (a File Cabinet path or id, a custcertificate id): this page never opens either. Every change
 * drops the refresher's cached view of the profiles (a user event script on the record does too).
 */
import * as record from 'N/record';
import * as search from 'N/search';
import type { ProfileInput } from '../core/adminPage';
import { PROFILE_RECORD } from '../core/names';
import { forgetProfiles } from './sharedCache';
import { isChecked } from './values';

const F = PROFILE_RECORD.fields;

export interface ProfileRow extends ProfileInput {
  id: string;
  active: boolean;
}

const VALUE_FIELDS: [keyof ProfileInput, string][] = [
  ['name', F.name],
  ['clientId', F.clientId],
  ['certificateId', F.certificateId],
  ['keyFile', F.keyFile],
  ['signingCertificate', F.signingCertificate],
  ['algorithm', F.algorithm],
  ['scope', F.scope],
];


/** All profiles, active and inactive, by name (search: 10 units). */
export function listProfiles(): ProfileRow[] {
  const rows: ProfileRow[] = [];
  search
    .create({ type: PROFILE_RECORD.type, columns: [search.createColumn({ name: F.name, sort: search.Sort.ASC }), F.inactive, ...VALUE_FIELDS.slice(1).map(([, f]) => f)] })
    .run()
    .each((r) => {
      const row = { id: String(r.id), active: !isChecked(r.getValue({ name: F.inactive })) } as ProfileRow;
      for (const [k, f] of VALUE_FIELDS) row[k] = String(r.getValue({ name: f }) ?? '');
      rows.push(row);
      return rows.length < 1000;
    });
  return rows;
}

/** One profile, or null when there is no such record (lookupFields: 1 unit). */
export function getProfile(id: string): ProfileRow | null {
  const v = search.lookupFields({ type: PROFILE_RECORD.type, id, columns: [F.inactive, ...VALUE_FIELDS.map(([, f]) => f)] }) as Record<string, unknown>;
  if (!v || Object.keys(v).length === 0) return null;
  const row = { id, active: !isChecked(v[F.inactive]) } as ProfileRow;
  for (const [k, f] of VALUE_FIELDS) row[k] = String(v[f] ?? '');
  return row;
}

export function createProfile(input: ProfileInput): string {
  const rec = record.create({ type: PROFILE_RECORD.type });
  for (const [k, f] of VALUE_FIELDS) rec.setValue({ fieldId: f, value: input[k] });
  const id = String(rec.save());
  forgetProfiles();
  return id;
}

export function updateProfile(id: string, input: ProfileInput): void {
  const values: Record<string, string> = {};
  for (const [k, f] of VALUE_FIELDS) values[f] = input[k];
  record.submitFields({ type: PROFILE_RECORD.type, id, values });
  forgetProfiles();
}

export function setProfileActive(id: string, active: boolean): void {
  record.submitFields({ type: PROFILE_RECORD.type, id, values: { [F.inactive]: !active } });
  forgetProfiles();
}
