// carecast: a thin try/catch mapping the typed errors to the exit codes of exit_codes.hpp.

#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "carecast/config/errors.hpp"
#include "carecast/engine/check.hpp"
#include "carecast/engine/errors.hpp"
#include "carecast/engine/memory.hpp"
#include "carecast/output/atomic_file.hpp"
#include "carecast/output/load_error.hpp"
#include "commands/command.hpp"
#include "exit_codes.hpp"

namespace {

using carecast::app::exit_code;
using carecast::app::ExitCode;

int report(const std::string& message, ExitCode code) {
  std::cerr << "carecast: error: " << message << '\n';
  return exit_code(code);
}

// A bug in carecast (exit 5).
int report_bug(const std::string& what) {
  return report("internal error: " + what + "\nThis is a bug in carecast; please report it.", ExitCode::internal);
}

// "carecast: error: <summary>" then the located problems, one per line.
int report_problems(const std::string& what, const carecast::config::LocatedError& error, ExitCode code) {
  const auto& problems = error.problems();
  if (problems.empty()) return report(what + ": " + error.what(), code);
  std::cerr << "carecast: error: " << what << " (" << problems.size()
            << (problems.size() == 1 ? " problem):\n" : " problems):\n");
  for (const auto& problem : problems) std::cerr << problem.format() << '\n';
  return exit_code(code);
}

}  // namespace

int main(int argc, char** argv) {
  carecast::engine::retain_freed_memory();  // freed blocks stay for the next step (memory.hpp)
  const std::vector<std::string> command_line(argv, argv + argc);
  try {
    return carecast::app::dispatch(command_line, std::cout, std::cerr);
  } catch (const carecast::app::UsageError& error) {
    const std::string help = error.command().empty() ? "carecast --help" : "carecast help " + error.command();
    const std::string where = error.command().empty() ? "" : error.command() + ": ";
    std::cerr << "carecast: error: " << where << error.what() << "\nTry '" << help << "'.\n";
    return exit_code(ExitCode::usage);
  } catch (const carecast::config::ConfigError& error) {
    return report_problems("invalid configuration", error, ExitCode::config);
  } catch (const carecast::config::DataError& error) {
    return report_problems("invalid data", error, ExitCode::data);
  } catch (const carecast::output::OutputError& error) {
    return report(error.what(), ExitCode::data);
  } catch (const carecast::output::LoadError& error) {
    return report(error.what(), ExitCode::data);
  } catch (const carecast::engine::DomainError& error) {
    // Commands with a configuration locate these (config::throw_located); this is the net
    // for the others (a sweep draw, a solve trial).
    const bool data = error.kind() == carecast::engine::DomainError::Kind::data;
    return report(std::string(data ? "invalid data: " : "invalid configuration: ") + error.what(),
                  data ? ExitCode::data : ExitCode::config);
  } catch (const std::bad_array_new_length& error) {  // a size computed wrongly, not a lack of memory
    return report_bug(error.what());
  } catch (const std::bad_alloc&) {
    // Whatever the command kept more than the machine could give (sweeps check their plan's
    // size first; a merge of many exact-quantile parts, for one, holds them all).
    return report("not enough memory for this command on this machine (fewer draws or Sobol rows, or "
                  "--shard over machines, need less)",
                  ExitCode::data);
  } catch (const carecast::engine::InternalError& error) {
    return report_bug(error.what());
  } catch (const std::exception& error) {
    return report_bug(error.what());
  } catch (...) {
    return report_bug("unknown exception");
  }
}
