'use strict';

// Validates the app definition against zapier-platform-schema, the way
// `zapier validate` does: compile the app with zapier-platform-core (which
// expands resources and turns functions into pointers), then validate.
// Each trigger is also validated on its own against TriggerSchema, because some
// of the schema's checks (a trigger needs a `sample`) only run at that level.
// Usage: npm run validate  (exit code 1 when the definition has errors)

const { validateAppDefinition } = require('zapier-platform-schema');
const { compileApp, serializeApp } = require('zapier-platform-core/src/tools/schema');

const TriggerSchema = require('zapier-platform-schema/lib/schemas/TriggerSchema');

const definitionErrors = (app) => {
  const definition = serializeApp(compileApp(app));
  const errors = [...validateAppDefinition(definition).errors];
  for (const [key, trigger] of Object.entries(definition.triggers || {})) {
    for (const error of TriggerSchema.validate(trigger).errors) {
      error.property = `instance.triggers.${key}${(error.property || '').replace(/^instance/, '')}`;
      errors.push(error);
    }
  }
  return errors;
};

module.exports = { definitionErrors };

if (require.main === module) {
  const errors = definitionErrors(require('..'));
  if (errors.length) {
    for (const error of errors) {
      console.error(`${error.property}: ${error.message}`);
    }
    console.error(`${errors.length} error(s) in the app definition`);
    process.exit(1);
  }
  console.log('App definition is valid');
}
