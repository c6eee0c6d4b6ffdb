import Foundation
import StatusSyncCore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite struct TransportErrorTests {
    private func request(_ method: HTTPMethod) throws -> HTTPRequest {
        HTTPRequest(method: method, url: try #require(URL(string: "https://h.invalid/api/v1/incidents/?token=t0k")))
    }

    private let redactedURL = "https://h.invalid/api/v1/incidents/?token=<redacted>"

    @Test(arguments: [HTTPMethod.post, .put, .patch, .delete])
    func aWriteThatTimedOutHasAnUnknownOutcome(method: HTTPMethod) throws {
        let error = TransportError.classify(URLError(.timedOut), for: try request(method))
        #expect(error as? TransportError == .outcomeUnknown(method: method, url: redactedURL, cause: .timedOut))
        #expect((error as? TransportError)?.isOutcomeUnknown == true)
    }

    @Test(arguments: [URLError.Code.networkConnectionLost, .badServerResponse, .zeroByteResource])
    func aWriteWhoseConnectionBrokeHasAnUnknownOutcome(code: URLError.Code) throws {
        let error = try #require(TransportError.classify(URLError(code), for: try request(.post)) as? TransportError)
        #expect(error.isOutcomeUnknown)
        #expect(!error.wasNotSent)
    }

    @Test(arguments: [HTTPMethod.get, .post, .delete])
    func aRefusedConnectionWasNotSentWhateverTheMethod(method: HTTPMethod) throws {
        let error = try #require(
            TransportError.classify(URLError(.cannotConnectToHost), for: try request(method)) as? TransportError)
        #expect(error == .connectionFailed(method: method, url: redactedURL, reason: "connection refused"))
        #expect(!error.isOutcomeUnknown)
        #expect(error.wasNotSent)
    }

    @Test func readFailuresKeepTheirKindAndAreTransient() throws {
        let timedOut = TransportError.classify(URLError(.timedOut), for: try request(.get)) as? TransportError
        let lost = TransportError.classify(URLError(.networkConnectionLost), for: try request(.get)) as? TransportError
        #expect(timedOut == .timedOut(method: .get, url: redactedURL))
        #expect(lost == .connectionLost(method: .get, url: redactedURL, reason: "connection closed by peer"))
        #expect(timedOut?.isTransient == true && lost?.isTransient == true)
    }

    @Test func nsErrorsInTheURLErrorDomainAreRecognised() throws {
        let nsError = NSError(domain: NSURLErrorDomain, code: NSURLErrorTimedOut)
        let error = TransportError.classify(nsError, for: try request(.post)) as? TransportError
        #expect(error == .outcomeUnknown(method: .post, url: redactedURL, cause: .timedOut))
    }

    @Test func cancellationOfAReadIsCancellationButOfAWriteIsAnUnknownOutcome() throws {
        #expect(TransportError.classify(URLError(.cancelled), for: try request(.get)) is CancellationError)
        let write = TransportError.classify(URLError(.cancelled), for: try request(.patch)) as? TransportError
        #expect(write == .outcomeUnknown(method: .patch, url: redactedURL, cause: .cancelled))
    }

    @Test func anUnrecognisedErrorOnAWriteIsAnUnknownOutcome() throws {
        struct Strange: Error {}
        let error = TransportError.classify(Strange(), for: try request(.post)) as? TransportError
        #expect(error?.isOutcomeUnknown == true)
    }

    @Test func descriptionsAreOneLineAndNameMethodAndRedactedURL() {
        let errors: [TransportError] = [
            .connectionFailed(method: .get, url: redactedURL, reason: "connection refused"),
            .timedOut(method: .get, url: redactedURL),
            .connectionLost(method: .get, url: redactedURL, reason: "connection closed by peer"),
            .outcomeUnknown(method: .post, url: redactedURL, cause: .timedOut),
            .notHTTPResponse(method: .get, url: redactedURL),
            .invalidRequest(method: .get, url: redactedURL, reason: "malformed URL"),
            .failed(method: .get, url: redactedURL, code: -1, reason: "URL error"),
        ]
        for error in errors {
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains(redactedURL))
            #expect(error.localizedDescription == error.description)
        }
        #expect(errors[3].description.contains("outcome unknown"))
    }
}
