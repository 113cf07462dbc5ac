#pragma once

#include <string>

namespace confab::test {

// A self-signed certificate (EC P-256, SHA-256, valid for a day) for `host`,
// made at test time and written as PEM files beside each other in `dir`.
struct TestCertificate {
  std::string certificate_file;
  std::string key_file;
};

TestCertificate make_test_certificate(const std::string& dir, const std::string& host,
                                      const std::string& name = "server");

}  // namespace confab::test
