// Integration and end-to-end tests talk to real Kafka, FerretDB and ONNX models on a shared
// 2-core machine; their own waitFor() deadlines decide failure, this only lifts Jest's 5 s default.
jest.setTimeout(10 * 60_000);
