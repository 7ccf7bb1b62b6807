/**
 * Jest's node environment plus `globalThis.e2eFailures`: how many tests and hooks of the file have failed so
 * far. The e2e suites read it in afterAll to keep n8n's folder and print the stand-in's log tail on failure.
 */
const { TestEnvironment } = require('jest-environment-node');

class FailureCountingEnvironment extends TestEnvironment {
	async setup() {
		await super.setup();
		this.global.e2eFailures = 0;
	}

	handleTestEvent(event) {
		if (event.name === 'test_fn_failure' || event.name === 'hook_failure')
			this.global.e2eFailures += 1;
	}
}

module.exports = FailureCountingEnvironment;
