import Foundation
import StatusSyncHTTPServer

/// Why an emulator could not be set up or started.
package enum EmulatorError: Error, CustomStringConvertible, LocalizedError, Equatable {
    /// The seed is not valid JSON or not in the provider's seed shape.
    case invalidSeed(reason: String)
    /// The state file exists but could not be read or decoded.
    case invalidStateFile(path: String, reason: String)
    /// The state file could not be written.
    case stateFileWriteFailed(path: String, reason: String)
    /// The host is not an IPv4 address the emulator can bind (it binds loopback addresses only).
    case invalidHost(String)
    /// Another process already listens on the requested port.
    case portInUse(host: String, port: UInt16)
    /// A socket call failed.
    case socketFailed(operation: String, code: Int32)
    /// ``Emulator/start()`` was called on an emulator that is running or was stopped.
    case alreadyStarted
    /// An option value is out of range.
    case invalidOption(name: String, reason: String)

    /// A one-line explanation without secrets.
    package var description: String {
        switch self {
        case .invalidSeed(let reason): "invalid seed: \(reason)"
        case .invalidStateFile(let path, let reason): "cannot load emulator state file \(path): \(reason)"
        case .stateFileWriteFailed(let path, let reason): "cannot write emulator state file \(path): \(reason)"
        case .invalidHost(let host): "cannot bind '\(host)': the emulator binds IPv4 loopback addresses only"
        case .portInUse(let host, let port): "port \(port) on \(host) is already in use"
        case .socketFailed(let operation, let code): "\(operation) failed: \(String(cString: strerror(code)))"
        case .alreadyStarted: "the emulator was already started"
        case .invalidOption(let name, let reason): "invalid emulator option \(name): \(reason)"
        }
    }

    /// The same text as ``description``.
    package var errorDescription: String? { description }
}

extension EmulatorError {
    /// The emulator's error for a server that could not start.
    init(_ error: HTTPServerError) {
        switch error {
        case .invalidHost(let host): self = .invalidHost(host)
        case .portInUse(let host, let port): self = .portInUse(host: host, port: port)
        case .socketFailed(let operation, let code): self = .socketFailed(operation: operation, code: code)
        case .alreadyStarted: self = .alreadyStarted
        }
    }
}
