/// Incrementally frames HTTP/1.1 requests out of the bytes read from one connection.
///
/// Supports pipelining (leftover bytes stay buffered), `Content-Length` bodies and `Expect: 100-continue`.
/// Bodies framed by `Transfer-Encoding` are refused with 411.
struct HTTPRequestReader {
    /// The outcome of trying to frame the next request.
    enum Step {
        /// A complete request, and whether the connection stays open after the response.
        case request(HTTPRequest, keepAlive: Bool)
        /// More bytes are needed; `sendContinue` asks the caller to write `100 Continue` first.
        case needMoreData(sendContinue: Bool)
        /// The bytes are not a valid request: answer with this status and close.
        case failure(status: Int, message: String)
    }

    private var buffer: [UInt8] = []
    private var pendingHead: (request: HTTPRequest, keepAlive: Bool, length: Int, headLength: Int)?
    private var sentContinue = false
    private var scanFrom = 0

    /// Whether a request's head has arrived and its body has not, yet.
    var isWaitingForBody: Bool { pendingHead != nil }

    mutating func append(_ bytes: ArraySlice<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    mutating func nextRequest() -> Step {
        if pendingHead == nil {
            guard let headEnd = findHeadEnd() else {
                if buffer.count > HTTPServer.maximumHeaderBytes {
                    return .failure(status: 431, message: "request header section too large")
                }
                return .needMoreData(sendContinue: false)
            }
            switch parseHead(buffer[0..<headEnd]) {
            case .failure(let status, let message): return .failure(status: status, message: message)
            case .success(let head): pendingHead = (head.request, head.keepAlive, head.length, headEnd + 4)
            }
            sentContinue = false
        }
        guard let head = pendingHead else { return .needMoreData(sendContinue: false) }
        let total = head.headLength + head.length
        guard buffer.count >= total else {
            let wantsContinue = !sentContinue && head.request.header("expect")?.lowercased() == "100-continue"
            sentContinue = sentContinue || wantsContinue
            return .needMoreData(sendContinue: wantsContinue)
        }
        var request = head.request
        request.body = Array(buffer[head.headLength..<total])
        buffer.removeFirst(total)
        pendingHead = nil
        scanFrom = 0
        return .request(request, keepAlive: head.keepAlive)
    }

    private mutating func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        var index = max(scanFrom, 0)
        while index + 3 < buffer.count {
            if buffer[index] == 0x0D, buffer[index + 1] == 0x0A, buffer[index + 2] == 0x0D, buffer[index + 3] == 0x0A {
                return index
            }
            index += 1
        }
        scanFrom = max(buffer.count - 3, 0)
        return nil
    }

    private struct Head {
        var request: HTTPRequest
        var keepAlive: Bool
        var length: Int
    }

    private enum HeadResult {
        case success(Head)
        case failure(Int, String)
    }

    private func parseHead(_ bytes: ArraySlice<UInt8>) -> HeadResult {
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(400, "header is not UTF-8") }
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { return .failure(400, "empty request") }
        let requestLine = lines.removeFirst()
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(Self.isTokenCharacter),
            parts[1].hasPrefix("/"), !parts[1].contains(where: { $0.isWhitespace })
        else { return .failure(400, "malformed request line") }
        let version = parts[2]
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            return version.hasPrefix("HTTP/")
                ? .failure(505, "unsupported HTTP version") : .failure(400, "malformed request line")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { return .failure(400, "malformed header line") }
            let name = line[..<colon]
            guard !name.isEmpty, name.allSatisfy(Self.isTokenCharacter) else {
                return .failure(400, "malformed header name")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            headers.append((name.lowercased(), value))
        }
        if headers.contains(where: { $0.name == "transfer-encoding" }) {
            return .failure(411, "chunked request bodies are not supported; send Content-Length")
        }
        let lengths = Set(headers.filter { $0.name == "content-length" }.map(\.value))
        guard lengths.count <= 1 else { return .failure(400, "conflicting Content-Length headers") }
        var length = 0
        if let value = lengths.first {
            guard !value.isEmpty, value.allSatisfy(\.isASCIIDigit), let parsed = Int(value) else {
                return .failure(400, "invalid Content-Length")
            }
            guard parsed <= HTTPServer.maximumBodyBytes else { return .failure(413, "request body too large") }
            length = parsed
        }
        let connectionTokens = headers.filter { $0.name == "connection" }
            .flatMap { $0.value.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: " \t") } }
        let keepAlive =
            version == "HTTP/1.1" ? !connectionTokens.contains("close") : connectionTokens.contains("keep-alive")
        let request = HTTPRequest(method: String(parts[0]), target: String(parts[1]), headers: headers, body: [])
        return .success(Head(request: request, keepAlive: keepAlive, length: length))
    }

    private static func isTokenCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue, ascii > 0x20, ascii < 0x7F else { return false }
        return !"()<>@,;:\\\"/[]?={}".contains(character)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
