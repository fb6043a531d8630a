#include "serve/server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>
#include <stdexcept>

#include "carecast_serve_assets.hpp"  // generated: kServeAssets (cmake/embed_assets.cmake)

namespace carecast::app::serve {

namespace {

// cpp-httplib listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, fixed when Debian built
// the library); a burst of new connections beyond it waits for the client's SYN retry, a full
// second. listen() again on the bound socket raises the backlog (Linux updates it in place).
class HttpServer : public httplib::Server {
 public:
  void raise_backlog(int backlog) { ::listen(svr_sock_, backlog); }
};

// At most `count` holders at a time, granted in arrival order (first come, first served), so
// no request waits behind later ones; a waiter that gives up leaves the line.
// (std::counting_semaphore grants in no particular order: under load some requests waited
// seconds while later ones went ahead.)
class FairSlots {
 public:
  explicit FairSlots(int count) : free_(count) {}

  bool acquire_for(std::chrono::steady_clock::duration wait) {
    std::unique_lock lock(mutex_);
    const std::uint64_t ticket = next_++;
    const bool granted = changed_.wait_for(lock, wait, [&] {
      skip_abandoned();
      return serving_ == ticket && free_ > 0;
    });
    if (granted) {
      ++serving_;
      --free_;
    } else {
      abandoned_.insert(ticket);
    }
    skip_abandoned();
    changed_.notify_all();
    return granted;
  }

  void release() {
    {
      std::lock_guard lock(mutex_);
      ++free_;
    }
    changed_.notify_all();
  }

 private:
  void skip_abandoned() {
    while (abandoned_.erase(serving_) != 0) ++serving_;
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  int free_;
  std::uint64_t next_ = 0, serving_ = 0;
  std::set<std::uint64_t> abandoned_;
};

// Not polymorphic (Backend below is): the routes' lambdas reach it through `this`.
struct Impl {
  const Api& api;
  ServerOptions options;
  HttpServer http;
  FairSlots slots;
  int port = 0;

  Impl(const Api& a, ServerOptions o)
      : api(a), options(std::move(o)), slots(std::max(1, options.projection_slots)) {}

  static void send(httplib::Response& res, const Reply& reply) {
    res.status = reply.status;
    res.set_content(reply.body, reply.content_type);
    if (!reply.filename.empty())
      res.set_header("Content-Disposition", "attachment; filename=\"" + reply.filename + "\"");
  }

  // Runs `work` when a projection slot frees up within queue_wait, else answers 503.
  void with_slot(httplib::Response& res, const std::function<Reply()>& work) {
    if (!slots.acquire_for(options.queue_wait)) {
      send(res, Api::error(503, "busy", "the server is busy; try again"));
      res.set_header("Retry-After", "1");
      return;
    }
    struct Release {
      FairSlots& s;
      ~Release() { s.release(); }
    } release{slots};
    send(res, work());
  }

  // The Host header names this server (not another name resolving to it: DNS rebinding).
  bool host_allowed(const httplib::Request& req) const {
    const std::string host = req.get_header_value("Host");
    std::string suffix(1, ':');
    suffix += std::to_string(port);
    for (const std::string& name :
         {std::string("127.0.0.1"), std::string("localhost"), std::string("[::1]"), options.bind}) {
      if (host == name || host == name + suffix) return true;
    }
    return false;
  }

  // A browser sends Origin on cross-site POSTs; only this server's own page may post.
  bool origin_allowed(const httplib::Request& req) const {
    if (!req.has_header("Origin")) return true;  // curl, scripts: not a browser on another site
    const std::string origin = req.get_header_value("Origin");
    const std::string host = req.get_header_value("Host");
    return origin == "http://" + host;
  }

  void routes() {
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (!host_allowed(req)) {
        send(res, Api::error(403, "host", "requests must name this server as Host (127.0.0.1 or localhost)"));
        return httplib::Server::HandlerResponse::Handled;
      }
      if (req.method == "POST" && !origin_allowed(req)) {
        send(res, Api::error(403, "origin", "cross-site requests are not accepted"));
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    for (const Asset& asset : kServeAssets) {
      http.Get(std::string(asset.path), [&asset](const httplib::Request&, httplib::Response& res) {
        res.set_content(asset.body.data(), asset.body.size(), std::string(asset.content_type));
        res.set_header("Cache-Control", "no-cache");
      });
    }
    http.Get("/api/schema",
             [this](const httplib::Request&, httplib::Response& res) { send(res, api.schema()); });
    http.Get("/api/scenario",
             [this](const httplib::Request&, httplib::Response& res) { send(res, api.scenario()); });
    auto post = [this](const std::string& path,
                       Reply (Api::*endpoint)(const std::string&, const std::string&) const) {
      http.Post(path, [this, endpoint](const httplib::Request& req, httplib::Response& res) {
        with_slot(res, [&] { return (api.*endpoint)(req.body, req.get_header_value("Content-Type")); });
      });
    };
    http.Post("/api/run", [this](const httplib::Request& req, httplib::Response& res) {
      const std::string layout = req.get_param_value("layout");
      if (!layout.empty() && layout != "records" && layout != "columns") {
        send(res, Api::error(400, "query", "layout must be records or columns (got '" + layout + "')"));
        return;
      }
      const auto chosen = layout == "columns" ? Api::Layout::columns : Api::Layout::records;
      with_slot(res, [&] { return api.run(req.body, req.get_header_value("Content-Type"), chosen); });
    });
    post("/api/validate", &Api::validate);
    post("/api/table.csv", &Api::table_csv);
    post("/api/table.xlsx", &Api::table_xlsx);

    // Every error the library produces itself (404, 413 for a body over the limit, 400 for a
    // broken request line) gets the API's JSON error shape; answers that have a body keep it.
    http.set_error_handler(
        httplib::Server::HandlerWithResponse([this](const httplib::Request&, httplib::Response& res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          std::string message = "HTTP error " + std::to_string(res.status);
          if (res.status == 404) message = "no such page or endpoint";
          if (res.status == 400) message = "malformed HTTP request";
          if (res.status == 413)
            message = "request body larger than " + std::to_string(options.max_body_bytes) + " bytes";
          send(res, Api::error(res.status, res.status == 404 ? "not_found" : "http", message));
          return httplib::Server::HandlerResponse::Handled;
        }));
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
      std::string message = "unknown exception";
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& failure) {
        message = failure.what();
      } catch (...) {
      }
      send(res, Api::error(500, "internal",
                           "internal error: " + message + " (a bug in carecast; please report it)"));
    });
  }
};

// The server the executable gets from the module (server.hpp).
class Backend final : public Server {
 public:
  Backend(const Api& api, ServerOptions options) : impl_(api, std::move(options)) {
    auto& http = impl_.http;
    const auto& o = impl_.options;
    http.set_payload_max_length(o.max_body_bytes);
    http.set_read_timeout(o.io_timeout);
    http.set_write_timeout(o.io_timeout);
    http.set_keep_alive_timeout(2);
    const int threads = std::max(1, o.connection_threads);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(std::size_t(threads)); };
    impl_.routes();
  }

  int bind() override {
    if (impl_.options.port == 0) {
      impl_.port = impl_.http.bind_to_any_port(impl_.options.bind);
      if (impl_.port < 0) throw std::runtime_error("cannot bind to " + impl_.options.bind + " (any port)");
    } else {
      if (!impl_.http.bind_to_port(impl_.options.bind, impl_.options.port))
        throw std::runtime_error("cannot bind to " + impl_.options.bind + ":" +
                                 std::to_string(impl_.options.port) +
                                 " (in use, or not an address of this machine)");
      impl_.port = impl_.options.port;
    }
    return impl_.port;
  }

  void listen() override {
    impl_.http.raise_backlog(128);
    impl_.http.listen_after_bind();
  }

  void stop() override { impl_.http.stop(); }

 private:
  Impl impl_;
};

}  // namespace

}  // namespace carecast::app::serve

// The module's entry point (server.hpp: kMakeServerSymbol), unmangled so dlsym finds it.
extern "C" carecast::app::serve::Server* carecast_make_http_server(const carecast::app::serve::Api& api,
                                                                     const carecast::app::serve::ServerOptions& options) {
  return new carecast::app::serve::Backend(api, options);
}
