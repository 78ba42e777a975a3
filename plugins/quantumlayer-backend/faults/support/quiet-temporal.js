// Jest setup for the fault suite: the Temporal SDK's runtime logs at WARN and
// above only (worker state changes at INFO would drown the cases' output).
const { DefaultLogger, Runtime } = require('@temporalio/worker');

Runtime.install({ logger: new DefaultLogger('WARN') });
