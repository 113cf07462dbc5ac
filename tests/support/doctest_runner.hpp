#pragma once
// Runs a suite's doctest context and fails a run that was asked for test
// cases by name but ran none. ctest runs one test case per process
// (--test-case=NAME); a name holding ';' was once split by CMake into two
// names that matched nothing, and those entries passed without running.
// Include from exactly one translation unit per test binary, after
// DOCTEST_CONFIG_IMPLEMENT.

#include <doctest/doctest.h>

#include <cstdio>
#include <string_view>

namespace confab::test {

inline unsigned test_cases_started = 0;

struct StartedCounter : doctest::IReporter {
  explicit StartedCounter(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats&) override {}
  void test_case_start(const doctest::TestCaseData&) override { ++test_cases_started; }
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};

REGISTER_LISTENER("confab_started_counter", 1, StartedCounter);

inline bool names_test_cases(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg(argv[i]);
    if (arg.rfind("--test-case=", 0) == 0 || arg.rfind("-tc=", 0) == 0) {
      return true;
    }
  }
  return false;
}

inline int run_suite(doctest::Context& context, int argc, char** argv) {
  const int result = context.run();
  if (context.shouldExit() || result != 0) {
    return result;
  }
  if (names_test_cases(argc, argv) && test_cases_started == 0) {
    std::fprintf(stderr, "no test case matched the --test-case filter\n");
    return 1;
  }
  return result;
}

}  // namespace confab::test
