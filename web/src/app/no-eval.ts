import { config } from 'zod';

// zod compiles object schemas with `new Function` where it can, and probes for it the first time a schema
// is built; the portal's policy forbids eval, so the probe would be reported as a violation. Imported
// before anything that builds a schema.
config({ jitless: true });
