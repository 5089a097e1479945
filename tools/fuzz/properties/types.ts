import type fc from 'fast-check';
import type { PropertyKind } from '../settings';

/**
 * A named property. `property()` builds a fresh fast-check property; Jest suites assert it with the
 * CI settings, `npm run fuzz` checks it with 100,000+ cases. Properties throw (node:assert) on a
 * counterexample, so the report says what was expected.
 */
export interface NamedProperty {
  name: string;
  kind: PropertyKind;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each property has its own tuple of generated values
  property(): fc.IProperty<any>;
}
