import Foundation

/// Keeps header values and secret query parameters out of anything printed about a request.
///
/// An authenticated request carries its credential in a header, so the default struct
/// description (which prints every stored property) would leak it into a log or a test
/// failure message.
extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The method, the URL without secrets and the header names, never a header value or the body.
    package var description: String {
        let names = headers.keys.sorted().joined(separator: ", ")
        let bodySize = body.map { ", body \($0.count) bytes" } ?? ""
        return "\(method.rawValue) \(URLRedaction.redactedURL(url)) [headers: \(names)\(bodySize)]"
    }

    /// The same as ``description``.
    package var debugDescription: String { description }

    /// A mirror that shows the redacted ``description`` instead of the stored properties.
    package var customMirror: Mirror {
        Mirror(self, children: ["request": description], displayStyle: .struct)
    }
}
