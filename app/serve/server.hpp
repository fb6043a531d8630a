// The HTTP side of `carecast serve`: cpp-httplib routes onto serve::Api, the embedded page
// assets, and the limits that keep a local server safe to leave running.
//
// Limits (ServerOptions): request bodies above max_body_bytes get 413; at most
// connection_threads connections are served at once (the rest wait in the accept queue);
// at most projection_slots projections run at once (others wait up to queue_wait, then get
// 503); reads and writes time out after io_timeout. Requests whose Host header is not the
// bound address or localhost get 421, so a web page elsewhere cannot reach the API through
// DNS rebinding. Nothing is fetched from the network: the page, its script and its style are
// compiled into the binary (app/serve/assets, embedded by cmake/embed_assets.cmake).
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

class Server {
 public:
  Server(const Api& api, ServerOptions options);
  ~Server();

  // Binds the socket; returns the port bound (useful with port 0). Throws std::runtime_error
  // naming the address when it cannot bind.
  int bind();
  // Serves until stop() is called (from another thread or a signal handler's helper thread).
  void listen();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace carecast::app::serve
