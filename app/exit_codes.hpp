// Exit codes of the carecast program: a stable contract for scripts and CI.
//
//   0  success
//   2  usage error: unknown subcommand or option, missing or extra argument, bad --threads
//   3  configuration error (config::ConfigError): a scenario or base YAML file, or a --set
//      override, is invalid — including a scenario file that does not exist or cannot be read,
//      and assumptions the engine cannot project (engine::DomainError of a parameter: a life
//      expectancy no death rates reach, a share of all årsverk above 100 %)
//   4  data or file I/O error: a data (CSV) file is missing or wrong (config::DataError or an
//      engine::DomainError of data), or
//      the results cannot be written (output::OutputError: the --out directory cannot be
//      created or written, or it exists and is not an earlier carecast result), or a part of
//      the installation loaded when needed is missing (output::LoadError: libxlsxwriter,
//      carecast-http.so)
//   5  internal error: a broken invariant (engine::InternalError) or any other exception;
//      a bug in carecast
//   6  solve: no value of the variable in the allowed range reaches the target (the message
//      says what the range does reach)
//
// 1 is deliberately unused so that a crash or a shell failure is never mistaken for one of
// the above. The table below is what `carecast --help` prints.
#pragma once

#include <array>
#include <string_view>

namespace carecast::app {

enum class ExitCode : int { ok = 0, usage = 2, config = 3, data = 4, internal = 5, unreachable = 6 };

struct ExitCodeInfo {
  ExitCode code;
  std::string_view meaning;
};

inline constexpr std::array<ExitCodeInfo, 6> kExitCodes{{
    {ExitCode::ok, "success"},
    {ExitCode::usage, "usage error: unknown command or option, missing argument, bad --threads"},
    {ExitCode::config, "configuration error: scenario/base YAML or --set invalid, scenario file missing"},
    {ExitCode::data, "data or I/O error: data file missing or wrong, results cannot be written, a module missing, not enough memory"},
    {ExitCode::internal, "internal error: a bug in carecast (please report it)"},
    {ExitCode::unreachable, "solve: no value in the allowed range reaches the target"},
}};

constexpr int exit_code(ExitCode code) { return static_cast<int>(code); }

}  // namespace carecast::app
