import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why an ``HTTPServer`` could not start.
package enum HTTPServerError: Error, CustomStringConvertible, LocalizedError, Hashable {
    /// The host is not an IPv4 address the server can bind.
    case invalidHost(String)
    /// Another process already listens on the requested port.
    case portInUse(host: String, port: UInt16)
    /// A socket call failed.
    case socketFailed(operation: String, code: Int32)
    /// ``HTTPServer/start()`` was called on a server that is running or was stopped.
    case alreadyStarted

    /// A one-line explanation.
    package var description: String {
        switch self {
        case .invalidHost(let host): "cannot bind '\(host)': not an IPv4 address"
        case .portInUse(let host, let port): "port \(port) on \(host) is already in use"
        case .socketFailed(let operation, let code): "\(operation) failed: \(String(cString: strerror(code)))"
        case .alreadyStarted: "the server was already started"
        }
    }

    /// The same text as ``description``.
    package var errorDescription: String? { description }
}
