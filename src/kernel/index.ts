// Public API of src/kernel. Each module of this folder is re-exported here; internals are not.
export { DELIMITER, Message, MessageHeader, NewMessageOptions, PROTOCOL_VERSION, Signer, WireError, decodeMessage, encodeMessage, newMessage } from "./wire";
export { AllocateOptions, ConnectionInfo, PORT_FIELDS, allocateConnection, endpoint, readConnectionFile, validateConnectionInfo, writeConnectionFile } from "./connection";
