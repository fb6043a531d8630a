// Loads carecast-http.so (the cpp-httplib side of `carecast serve`) from the executable's own
// folder; see server.hpp for why it is a module.
#include <dlfcn.h>

#include <filesystem>

#include "carecast/output/load_error.hpp"
#include "serve/server.hpp"

namespace carecast::app::serve {

std::unique_ptr<Server> make_server(const Api& api, const ServerOptions& options) {
  std::error_code ec;
  const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw output::LoadError("cannot find the carecast executable's folder: " + ec.message());
  const std::string module = (executable.parent_path() / kHttpModule).string();
  // Never closed: the server's code lives in the module, and the process ends with it.
  void* handle = dlopen(module.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    throw output::LoadError("cannot load the web server module '" + module +
                            "' (it is built with carecast and must lie beside the executable; `make build` builds "
                            "both): " + std::string(dlerror()));
  }
  auto* make = reinterpret_cast<MakeServerFunction*>(dlsym(handle, kMakeServerSymbol));
  if (!make) throw output::LoadError("the web server module '" + module + "' has no " + kMakeServerSymbol);
  return std::unique_ptr<Server>(make(api, options));
}

}  // namespace carecast::app::serve
