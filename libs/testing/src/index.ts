export { startServiceProcess, waitForHttpUrl, type ServiceProcess } from './service-process';
export { freePort, mongoUrlFor, testInfra, uniqueName } from './test-infra';
export { waitFor } from './wait-for';
export { readDeadLetters, type DeadLetter } from './dead-letters';
