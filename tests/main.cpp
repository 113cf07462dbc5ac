#define DOCTEST_CONFIG_IMPLEMENT
#include "tests/support/doctest_runner.hpp"

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  return confab::test::run_suite(context, argc, argv);
}
