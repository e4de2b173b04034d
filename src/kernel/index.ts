// Public API of src/kernel. Each module of this folder is re-exported here; internals are not.
export { DELIMITER, Message, MessageHeader, NewMessageOptions, PROTOCOL_VERSION, Signer, WireError, decodeMessage, encodeMessage, newMessage } from "./wire";
export { AllocateOptions, ConnectionInfo, PORT_FIELDS, allocateConnection, endpoint, readConnectionFile, validateConnectionInfo, writeConnectionFile } from "./connection";
export * from "./executor";
export { ProcessExecutor, ProcessExecutorOptions } from "./process-executor";
export { KernelProtocol, KernelProtocolOptions, KernelIdentity } from "./protocol/kernel-protocol";
export { ZmqTransport, RateLimitedLog } from "./protocol/transport";
export { startKernel } from "./start";
export { InstallOptions, installKernelSpec, kernelSpec, kernelsDir } from "./install";
