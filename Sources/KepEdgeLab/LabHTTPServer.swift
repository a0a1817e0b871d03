import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One request as a fake sees it.
public struct LabRequest: Sendable {
    public let method: String
    /// The path without the query, percent-decoded.
    public let path: String
    public let query: [String: String]
    public let headers: [(String, String)]
    public let body: Data

    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// One answer from a fake.
public struct LabResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data

    public init(status: Int, headers: [(String, String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(_ status: Int, _ body: Data, headers: [(String, String)] = []) -> LabResponse {
        LabResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers, body: body)
    }
}

/// What a fake does with a request: an answer, or nil to never answer (a hung server).
public typealias LabHandler = @Sendable (LabRequest) async -> LabResponse?

/// A small HTTP/1.1 server on 127.0.0.1 (HTTPS when given a TLS context), for the fakes.
public final class LabHTTPServer: Sendable {
    public let port: Int
    private let channel: Channel

    private init(port: Int, channel: Channel) {
        self.port = port
        self.channel = channel
    }

    /// Starts on 127.0.0.1 and an ephemeral port.
    public static func start(tls: NIOSSLContext?, handler: @escaping LabHandler) async throws -> LabHTTPServer {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(LabHTTPHandler(handler: handler))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw LabError("the lab server has no local port") }
        return LabHTTPServer(port: port, channel: channel)
    }

    public func stop() async {
        try? await channel.close()
    }
}

public struct LabError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

private final class LabHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: LabHandler
    private var head: HTTPRequestHead?
    private var body = Data()

    init(handler: @escaping LabHandler) { self.handler = handler }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = Data()
        case .body(var buffer):
            if let bytes = buffer.readBytes(length: buffer.readableBytes) { body.append(contentsOf: bytes) }
        case .end:
            guard let head else { return }
            let request = Self.request(head: head, body: body)
            let keepAlive = head.isKeepAlive
            let handler = self.handler
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.eventLoop.makeFutureWithTask { await handler(request) }.whenSuccess { response in
                guard let response else { return }
                let context = bound.value
                var headers = HTTPHeaders(response.headers)
                headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
                if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
                let responseHead = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
                context.write(NIOAny(HTTPServerResponsePart.head(responseHead)), promise: nil)
                context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
                let done = context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
                if !keepAlive { done.whenComplete { _ in bound.value.close(promise: nil) } }
            }
        }
    }

    static func request(head: HTTPRequestHead, body: Data) -> LabRequest {
        let parts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts.first ?? "").removingPercentEncoding ?? String(parts.first ?? "")
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(keyValue[0]).removingPercentEncoding ?? String(keyValue[0])
                let value = keyValue.count > 1 ? (String(keyValue[1]).removingPercentEncoding ?? String(keyValue[1])) : ""
                query[key] = value
            }
        }
        return LabRequest(method: head.method.rawValue, path: path, query: query,
                          headers: head.headers.map { ($0.name, $0.value) }, body: body)
    }
}
