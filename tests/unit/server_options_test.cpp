#include <doctest/doctest.h>

#include "server/server_options.hpp"

using namespace confab;

TEST_CASE("defaults follow the protocol document") {
  auto parsed = parse_server_options({});
  REQUIRE(parsed.error.empty());
  const auto& o = parsed.options;
  CHECK(o.host == "127.0.0.1");
  CHECK(o.port == 8888);
  CHECK(o.db_path == "./confab.db");
  CHECK(o.admin_port == 8889);
  CHECK(o.limits.max_frame == 65536);
  CHECK(o.limits.max_file_size == 64ull * 1024 * 1024);
  CHECK(o.limits.rate_limit_per_second == 20);
  CHECK(o.limits.idle_timeout == std::chrono::seconds(300));
  CHECK(o.limits.presence_limit == 1000);
  CHECK(o.limits.max_outbound_bytes == 1024u * 1024);
}

TEST_CASE("flags take values in both spellings") {
  auto parsed = parse_server_options({"--port", "0", "--db=/tmp/x.db", "--rate-limit", "0",
                                      "--max-frame", "1024", "--log-file", "l.log"});
  REQUIRE(parsed.error.empty());
  CHECK(parsed.options.port == 0);
  CHECK(parsed.options.db_path == "/tmp/x.db");
  CHECK(parsed.options.limits.rate_limit_per_second == 0);
  CHECK(parsed.options.limits.max_frame == 1024);
  CHECK(parsed.options.log_file == "l.log");
}

TEST_CASE("bad command lines say what is wrong") {
  CHECK(parse_server_options({"--port", "70000"}).error.find("--port") != std::string::npos);
  CHECK(parse_server_options({"--port"}).error.find("needs a value") != std::string::npos);
  CHECK(parse_server_options({"--frobnicate"}).error.find("unknown option") != std::string::npos);
  CHECK(parse_server_options({"--rate-limit", "-1"}).error.find("--rate-limit") !=
        std::string::npos);
  CHECK(parse_server_options({"--max-frame", "10"}).error.find("at least") != std::string::npos);
  CHECK(parse_server_options({"--login-timeout", "0"}).error.find("--login-timeout") !=
        std::string::npos);
  CHECK(parse_server_options({"--help"}).show_help);
}

TEST_CASE("a certificate opens the TLS port on 8443 unless told otherwise") {
  auto plain = parse_server_options({});
  CHECK_FALSE(tls_enabled(plain.options));
  CHECK_FALSE(plain.options.tls_port);

  auto parsed = parse_server_options({"--tls-cert", "c.pem", "--tls-key", "k.pem"});
  REQUIRE(parsed.error.empty());
  CHECK(tls_enabled(parsed.options));
  CHECK(parsed.options.tls_port == std::optional<std::uint16_t>(8443));
  CHECK_FALSE(parsed.options.require_tls);

  auto chosen = parse_server_options(
      {"--tls-cert", "c.pem", "--tls-key", "k.pem", "--tls-port", "0", "--require-tls"});
  REQUIRE(chosen.error.empty());
  CHECK(chosen.options.tls_port == std::optional<std::uint16_t>(0));
  CHECK(chosen.options.require_tls);
}

TEST_CASE("TLS flags without a certificate and key say what is missing") {
  CHECK(parse_server_options({"--tls-cert", "c.pem"}).error ==
        "--tls-cert and --tls-key go together");
  CHECK(parse_server_options({"--tls-key", "k.pem"}).error ==
        "--tls-cert and --tls-key go together");
  CHECK(parse_server_options({"--tls-port", "9000"}).error.find("needs --tls-cert") !=
        std::string::npos);
  CHECK(parse_server_options({"--require-tls"}).error.find("needs --tls-cert") !=
        std::string::npos);
}

TEST_CASE("IRC listens on 6667 unless told otherwise, and on 6697 over TLS") {
  auto plain = parse_server_options({});
  REQUIRE(plain.error.empty());
  CHECK(plain.options.irc_port == std::optional<std::uint16_t>(6667));
  CHECK_FALSE(plain.options.irc_port_given);
  CHECK_FALSE(plain.options.irc_tls_port);

  auto off = parse_server_options({"--irc-port", "off"});
  REQUIRE(off.error.empty());
  CHECK_FALSE(off.options.irc_port);

  auto chosen = parse_server_options({"--irc-port=0", "--server-name", "irc.example.org",
                                      "--irc-password", "pw", "--motd", "motd.txt"});
  REQUIRE(chosen.error.empty());
  CHECK(chosen.options.irc_port == std::optional<std::uint16_t>(0));
  CHECK(chosen.options.irc_port_given);
  CHECK(chosen.options.server_name == "irc.example.org");
  CHECK(chosen.options.irc_password == "pw");
  CHECK(chosen.options.motd_file == "motd.txt");

  auto tls = parse_server_options({"--tls-cert", "c", "--tls-key", "k"});
  REQUIRE(tls.error.empty());
  CHECK(tls.options.irc_tls_port == std::optional<std::uint16_t>(6697));

  CHECK(parse_server_options({"--irc-tls-port", "7000"}).error.find("needs --tls-cert") !=
        std::string::npos);
  CHECK(parse_server_options({"--irc-port", "sixty"}).error.find("--irc-port") !=
        std::string::npos);
  CHECK(parse_server_options({"--server-name", "a b"}).error.find("--server-name") !=
        std::string::npos);
}

TEST_CASE("cluster mode takes NATS servers and a node name") {
  auto parsed = parse_server_options(
      {"--cluster", "nats://10.0.0.1:4222", "--cluster=nats://10.0.0.2:4222", "--node", "eu-1"});
  REQUIRE(parsed.error.empty());
  CHECK(parsed.options.cluster ==
        std::vector<std::string>{"nats://10.0.0.1:4222", "nats://10.0.0.2:4222"});
  CHECK(parsed.options.node == "eu-1");
  CHECK(parse_server_options({}).options.cluster.empty());
}

TEST_CASE("cluster options that cannot work say why") {
  auto error = [](std::vector<std::string> args) { return parse_server_options(args).error; };
  CHECK(error({"--cluster", "nats://h:4222"}).find("--cluster needs --node") != std::string::npos);
  CHECK(error({"--node", "a"}).find("--node needs --cluster") != std::string::npos);
  CHECK(error({"--cluster", "h:4222", "--node", "a"}).find("nats://HOST:PORT") !=
        std::string::npos);
  CHECK(error({"--cluster", "nats://", "--node", "a"}).find("nats://HOST:PORT") !=
        std::string::npos);
  CHECK(error({"--cluster", "nats://h:4222", "--node", "a.b"}).find("--node needs") !=
        std::string::npos);
  CHECK(
      error({"--cluster", "nats://h:4222", "--node", std::string(65, 'n')}).find("--node needs") !=
      std::string::npos);
}
