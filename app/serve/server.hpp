// The HTTP side of `carecast serve`: cpp-httplib routes onto serve::Api, the embedded page
// assets, and the limits that keep a local server safe to leave running.
//
// Limits (ServerOptions): request bodies above max_body_bytes get 413; at most
// connection_threads connections are served at once (the rest wait in the accept queue);
// at most projection_slots projections run at once (others wait up to queue_wait, then get
// 503); reads and writes time out after io_timeout. Requests whose Host header is not the
// bound address or localhost get 421, so a web page elsewhere cannot reach the API through
// DNS rebinding. Nothing is fetched from the network: the page, its script and its style are
// compiled into carecast-http.so (app/serve/assets, embedded by cmake/embed_assets.cmake).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "serve/api.hpp"

namespace carecast::app::serve {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0: any free port
  std::size_t max_body_bytes = 1 << 20;
  int connection_threads = 8;
  int projection_slots = 2;
  std::chrono::seconds queue_wait{10};
  std::chrono::seconds io_timeout{5};
};

// The server lives in a module, carecast-http.so next to the executable, because
// cpp-httplib brings OpenSSL, zlib and brotli: loading them at the start of every process
// cost each `carecast run` about 1.6 ms of CPU (docs/performance.md). Only `carecast serve`
// loads the module (make_server); the module calls back into the executable for serve::Api,
// whose functions the executable exports (app/serve/exports.list).
class Server {
 public:
  virtual ~Server() = default;
  // Binds the socket; returns the port bound (useful with port 0). Throws std::runtime_error
  // naming the address when it cannot bind.
  virtual int bind() = 0;
  // Serves until stop() is called (from another thread or a signal handler's helper thread).
  virtual void listen() = 0;
  virtual void stop() = 0;
};

// Loads the module and makes a server answering with `api` (which must outlive it). Throws
// std::runtime_error naming the module when it cannot be loaded (a broken installation).
std::unique_ptr<Server> make_server(const Api& api, const ServerOptions& options);

// The module's entry point, looked up by this name: a new server (make_server owns it).
using MakeServerFunction = Server*(const Api& api, const ServerOptions& options);
inline constexpr const char* kHttpModule = "carecast-http.so";
inline constexpr const char* kMakeServerSymbol = "carecast_make_http_server";

}  // namespace carecast::app::serve
