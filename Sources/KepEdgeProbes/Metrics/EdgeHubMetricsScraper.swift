import Foundation
import KepEdgeCore

/// One `GET /metrics` from edgeHub (plain HTTP), bounded by a timeout, parsed and read for one device.
public enum EdgeHubMetricsScraper {
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case badURL(String)
        case unreachable(url: String, reason: String)
        case status(url: String, code: Int)
        case notMetrics(url: String, reason: String)
        case notEdgeHub(url: String)

        public var description: String {
            switch self {
            case .badURL(let url): "\(url) is not an http://host:port/path URL"
            case .unreachable(let url, let reason): "\(url) did not answer: \(reason)"
            case .status(let url, let code): "\(url) answered HTTP \(code), not the metrics page"
            case .notMetrics(let url, let reason): "\(url) did not serve Prometheus text: \(reason)"
            case .notEdgeHub(let url): "\(url) serves metrics, but none of edgeHub's (edgehub_*): is it edgeAgent's?"
            }
        }
    }

    /// Reads the page; `seconds` bounds connect and read each.
    public static func page(url: String, seconds: Int = 5) async throws(Failure) -> PrometheusExposition {
        guard let parsed = URL(string: url), parsed.scheme == "http", let host = parsed.host else { throw .badURL(url) }
        let transport: HTTPTransport
        do {
            // edgeHub is on this host or its Docker network: never through a proxy.
            transport = try HTTPTransport(trust: .plainHTTP, target: host, port: parsed.port ?? 80, environment: [:],
                                          connectTimeout: seconds, readTimeout: seconds)
        } catch {
            throw .unreachable(url: url, reason: "\(error)")
        }
        defer { Task { await transport.shutdown() } }
        let exchange: HTTPExchange
        do throws(HTTPTransportFailure) {
            exchange = try await transport.send(method: "GET", url: url, headers: [("Accept", "text/plain")], body: nil)
        } catch {
            throw .unreachable(url: url, reason: describe(error))
        }
        guard exchange.status == 200 else { throw .status(url: url, code: exchange.status) }
        do throws(PrometheusParseError) {
            return try PrometheusTextParser.parse(String(decoding: exchange.body, as: UTF8.self))
        } catch {
            throw .notMetrics(url: url, reason: error.description)
        }
    }

    /// One scrape read for `device`, stamped with this host's clock.
    public static func counters(url: String, device: String, seconds: Int = 5) async throws(Failure) -> EdgeHubDeviceCounters {
        let page = try await page(url: url, seconds: seconds)
        guard let counters = EdgeHubDeviceCounters.read(page, device: device, time: Date()) else { throw .notEdgeHub(url: url) }
        return counters
    }

    static func describe(_ failure: HTTPTransportFailure) -> String {
        switch failure {
        case .timeout(let seconds): "no answer within \(seconds) s"
        case .nameResolution(let host): "\(host) does not resolve"
        case .tls(let reason): "TLS: \(reason)"
        case .connection(let reason): reason
        case .badProxy(let error): "\(error)"
        }
    }
}
