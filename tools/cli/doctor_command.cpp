// flameup doctor: flameup::diagnose() step by step, one verdict line each, a fix under each
// failure.
#include <cstdio>
#include <iostream>
#include <string>

#include <flameup/diagnostics.hpp>

#include "commands.hpp"
#include "error_text.hpp"

namespace flameup::cli {
namespace {

const char* label(CheckStatus status) {
  switch (status) {
    case CheckStatus::passed:
      return "ok";
    case CheckStatus::failed:
      return "FAIL";
    case CheckStatus::skipped:
      return "skip";
    case CheckStatus::not_applicable:
      return "n/a";
  }
  return "?";
}

// "  ok    dns            localhost is pinned ..." and, on failure, "        fix: ...".
void print_check(const CheckResult& check) {
  char head[40];
  std::snprintf(head, sizeof head, "  %-5s %-14s ", label(check.status), to_string(check.id));
  std::cout << head << printable(check.summary) << "\n";
  if (!check.hint.empty()) std::cout << "        fix: " << printable(check.hint) << "\n";
}

}  // namespace

int run_doctor(const ClientOptions& options, const CliArgs& args) {
  if (const std::string problem = args.problem({}, 0); !problem.empty()) {
    std::cerr << "flameup doctor: " << printable(problem) << " (see flameup --help)\n";
    return kExitUsage;
  }
  const DiagnosticReport report = diagnose(options);
  for (const CheckResult& check : report.checks) print_check(check);
  const bool ok = report.ok();
  std::cout << (ok ? "all checks passed\n" : "some checks failed\n");
  return ok ? kExitOk : kExitFailure;
}

}  // namespace flameup::cli
