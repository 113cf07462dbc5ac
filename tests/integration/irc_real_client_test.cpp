// A real IRC client from Debian against confabd: ii, whose FIFOs and files
// make it easy to drive, in a room with a JSON user.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "tests/integration/server_fixture.hpp"
#include "tests/support/test_certificate.hpp"

using namespace confab::test;

namespace {

// Real clients report only through files: they are looked at until the
// deadline.
template <class Condition>
bool wait_until(Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

bool file_shows(const std::string& path, const std::string& needle) {
  return wait_until([&] {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str().find(needle) != std::string::npos;
  });
}

// ii running against the server, its files under `dir`.
class Ii {
 public:
  Ii(std::uint16_t port, const std::string& nick, const std::string& dir)
      : dir_(dir + "/127.0.0.1") {
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      // Its own echo of every line would only clutter the test's output.
      const int quiet = ::open("/dev/null", O_WRONLY);
      dup2(quiet, STDOUT_FILENO);
      dup2(quiet, STDERR_FILENO);
      const auto port_text = std::to_string(port);
      execlp("ii", "ii", "-s", "127.0.0.1", "-p", port_text.c_str(), "-n", nick.c_str(), "-i",
             dir.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~Ii() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }

  // Writes a line to a FIFO of ii's: the server's (`""`) or a channel's.
  void type(const std::string& where, const std::string& line) {
    const auto path = dir_ + (where.empty() ? "" : "/" + where) + "/in";
    REQUIRE(wait_until([&] { return exists(path); }));
    const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
    REQUIRE(fd >= 0);
    const auto text = line + "\n";
    REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    ::close(fd);
  }

  // Whether ii's output for the server or a channel came to hold `needle`.
  bool shows(const std::string& where, const std::string& needle) {
    return file_shows(dir_ + (where.empty() ? "" : "/" + where) + "/out", needle);
  }

 private:
  static bool exists(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
  }

  std::string dir_;
  pid_t pid_ = -1;
};

// WeeChat without a terminal (weechat-headless), its home under `dir`,
// connected to the server `confab` that `server_options` describe (irc.conf
// lines without the "confab." prefix). It logs every buffer to files.
class Weechat {
 public:
  Weechat(const std::string& dir, const std::vector<std::string>& server_options) : dir_(dir) {
    ::mkdir(dir.c_str(), 0700);
    {
      // Logs are written as lines arrive, not every two minutes.
      std::ofstream logger(dir + "/logger.conf");
      logger << "[file]\nauto_log = on\nflush_delay = 0\n";
    }
    {
      std::ofstream irc(dir + "/irc.conf");
      irc << "[server]\n";
      for (const auto& option : server_options) {
        irc << "confab." << option << "\n";
      }
    }
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      const int quiet = ::open("/dev/null", O_RDWR);
      dup2(quiet, STDIN_FILENO);
      dup2(quiet, STDOUT_FILENO);
      dup2(quiet, STDERR_FILENO);
      execlp("weechat-headless", "weechat-headless", "--dir", dir.c_str(), "--run-command",
             "/connect confab", static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~Weechat() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }

  // Whether the log of a buffer ("irc.server.confab", "irc.confab.#dev")
  // came to hold `needle`.
  bool logged(const std::string& buffer, const std::string& needle) {
    return file_shows(dir_ + "/logs/" + buffer + ".weechatlog", needle);
  }

 private:
  std::string dir_;
  pid_t pid_ = -1;
};

}  // namespace

TEST_CASE("ii, a real IRC client, chats in a room with a JSON user") {
  ServerFixture f;
  TempDir home;
  Ii ii(f.server.irc_port(), "iiuser", home.path());
  CHECK(ii.shows("", "Welcome to the confab IRC Network"));
  ii.type("", "/j #dev");
  auto jane = f.login("jane");
  REQUIRE(ii.shows("#dev", "iiuser"));
  REQUIRE(is_ok(jane->request({{"op", "join"}, {"room", "dev"}})));
  REQUIRE(is_ok(jane->request({{"op", "say"}, {"room", "dev"}, {"text", "hello ii"}})));
  CHECK(ii.shows("#dev", "<jane> hello ii"));
  ii.type("#dev", "hi jane, from ii");
  auto heard = jane->wait_for([](const Json& frame) {
    return frame.value("type", "") == "message" && frame.value("text", "") == "hi jane, from ii";
  });
  REQUIRE(heard);
  CHECK((*heard)["from"] == "iiuser");
  // It is history like any other message.
  auto page = jane->request({{"op", "history"}, {"room", "dev"}});
  REQUIRE(is_ok(page));
  CHECK(page["messages"].back()["text"] == "hi jane, from ii");
}

TEST_CASE("WeeChat logs in with SASL over TLS, chats with a JSON user and fetches history") {
  TempDir dir;
  const auto cert = make_test_certificate(dir.path(), "localhost");
  ServerFixture f({"--tls-cert", cert.certificate_file, "--tls-key", cert.key_file});
  auto jane = f.login("jane");
  {
    // The account WeeChat logs in to, made by a JSON client.
    auto account = f.connect();
    account->hello("wendy", "sesame-77");
  }
  REQUIRE(is_ok(jane->request({{"op", "create"}, {"room", "dev"}})));
  REQUIRE(is_ok(jane->request({{"op", "say"}, {"room", "dev"}, {"text", "said before WeeChat"}})));

  // After registration WeeChat runs the server's `command` in order: join,
  // ask for the room's history, then speak.
  Weechat weechat(dir.file("weechat"),
                  {"addresses = \"127.0.0.1/" + std::to_string(f.server.irc_tls_port()) + "\"",
                   "ssl = on", "ssl_verify = off", "nicks = \"wendy\"", "sasl_username = \"wendy\"",
                   "sasl_password = \"sesame-77\"",
                   "command = \"/join #dev;/quote CHATHISTORY LATEST #dev * 10;"
                   "/msg #dev hello from WeeChat\""});
  CHECK(weechat.logged("irc.server.confab", "SASL authentication successful"));
  auto heard = jane->wait_for([](const Json& frame) {
    return frame.value("type", "") == "message" && frame.value("text", "") == "hello from WeeChat";
  });
  REQUIRE(heard);
  CHECK((*heard)["from"] == "wendy");
  CHECK(weechat.logged("irc.confab.#dev", "said before WeeChat"));
  REQUIRE(is_ok(jane->request({{"op", "say"}, {"room", "dev"}, {"text", "hello wendy"}})));
  CHECK(weechat.logged("irc.confab.#dev", "hello wendy"));
}
