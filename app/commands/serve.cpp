// `carecast serve [SCENARIO.yaml]`: the what-if page and the JSON API on a local web server
// (app/serve/; docs/serve.md).
#include <pthread.h>
#include <signal.h>

#include <thread>

#include "carecast/output/report/format.hpp"
#include "commands/command.hpp"
#include "serve/api.hpp"
#include "serve/server.hpp"

namespace po = boost::program_options;

namespace carecast::app {

namespace {

constexpr const char* kDefaultScenario = "scenarios/productivity.yaml";
constexpr const char* kLoopback = "127.0.0.1";

void add_options(po::options_description& options) {
  options.add_options()("port,p", po::value<int>()->value_name("N")->default_value(8080),
                        "TCP port, 1..65535, or 0 for any free port (the port is printed)");
  options.add_options()("lang,l", po::value<std::string>()->value_name("nb|en")->default_value("nb"),
                        "language the page opens in: nb (Norwegian bokmål) or en (English)");
  options.add_options()("bind", po::value<std::string>()->value_name("ADDR")->default_value(kLoopback),
                        "address to listen on; anything but 127.0.0.1 makes the server reachable from "
                        "other machines (a warning is printed)");
  options.add_options()("max-body", po::value<int>()->value_name("KIB")->default_value(1024),
                        "largest request body accepted, in KiB (1..65536); larger ones get 413");
}

int run_serve(const Context& ctx) {
  const auto parsed = parse_command_line(serve_command(), ctx);
  if (!parsed) return 0;
  const po::variables_map& values = *parsed;

  const std::string scenario_file =
      values.count("scenario") != 0 ? values["scenario"].as<std::string>() : kDefaultScenario;
  const int port = values["port"].as<int>();
  if (port < 0 || port > 65535)
    throw UsageError("serve", "--port must be in 0..65535 (got " + std::to_string(port) + ")");
  const std::string lang = values["lang"].as<std::string>();
  const auto language = output::report::parse_language(lang);
  if (!language) throw UsageError("serve", "--lang must be nb or en (got '" + lang + "')");
  const int max_body = values["max-body"].as<int>();
  if (max_body < 1 || max_body > 65536)
    throw UsageError("serve", "--max-body must be in 1..65536 KiB (got " + std::to_string(max_body) + ")");

  serve::ServerOptions options;
  options.bind = values["bind"].as<std::string>();
  options.port = port;
  options.max_body_bytes = std::size_t(max_body) * 1024;
  if (options.bind != kLoopback) {
    ctx.err << "carecast: warning: serve: listening on " << options.bind
            << ", not on 127.0.0.1: other machines that reach this address can use the page and the API "
               "(there is no authentication)\n";
  }

  // Loading the served file first: a broken scenario fails here with the CLI's messages and
  // exit code, before anything listens.
  const serve::Api api(scenario_file, *language, git_revision());

  // SIGINT and SIGTERM are taken by a helper thread (blocked here, before any thread starts,
  // so every thread inherits the mask) which stops the server; listen() then returns.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const std::unique_ptr<serve::Server> server = serve::make_server(api, options);
  int bound = 0;
  try {
    bound = server->bind();
  } catch (const std::runtime_error& error) {
    throw UsageError("serve", error.what());
  }
  const std::string host =
      options.bind.find(':') != std::string::npos ? "[" + options.bind + "]" : options.bind;
  ctx.out << "carecast serve: " << scenario_file << " on http://" << host << ":" << bound
          << "/ (Ctrl-C stops)" << std::endl;

  std::thread waiter([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server->stop();
  });
  server->listen();
  // listen() also returns when the socket fails; wake the waiter so it can be joined.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  ctx.err << "carecast: serve: stopped\n";
  return 0;
}

}  // namespace

const Command& serve_command() {
  static const Command command{
      "serve",
      "what-if page and JSON API on a local web server",
      "carecast serve [SCENARIO.yaml] [--port N] [--lang nb|en] [--bind ADDR] [--max-body KIB]",
      "Serves a what-if page for SCENARIO.yaml (default: scenarios/productivity.yaml) and a JSON\n"
      "API, on http://127.0.0.1:PORT/ until Ctrl-C (SIGINT) or SIGTERM. The page starts from the\n"
      "file's scenarios and adds a 'what-if' scenario set by its controls; 'Download scenario'\n"
      "gives the YAML that reproduces the view with 'carecast run'.\n\n"
      "API: GET /api/schema, GET /api/scenario, POST /api/run, POST /api/validate,\n"
      "POST /api/table.csv, POST /api/table.xlsx (docs/serve.md). Errors are JSON with the\n"
      "located messages of 'carecast run'.\n\n"
      "Limits: bodies up to --max-body KiB (413 above), 8 connections served at once, 2\n"
      "projections at once (503 after 10 s of waiting), 5 s read and write timeouts. Every file\n"
      "of the page is inside carecast-http.so, beside the executable; nothing is fetched from the\n"
      "network.\n",
      add_options,
      {{"scenario", "SCENARIO.yaml", false, false}},
      run_serve,
  };
  return command;
}

}  // namespace carecast::app
