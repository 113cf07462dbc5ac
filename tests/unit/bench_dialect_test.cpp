#include <doctest/doctest.h>

#include "bench/dialect.hpp"

using confab::bench::LineKind;

// The InspIRCd comparison is only as fair as the IRC driver's reading of
// what comes back: every delivery counted, nothing else counted as one.
TEST_CASE("the IRC dialect classifies server lines") {
  const auto irc = confab::bench::make_irc_dialect();

  const auto delivery = irc->classify(":b3!b3@127.0.0.1 PRIVMSG #bench0 :1234 xxxx\r");
  CHECK(delivery.kind == LineKind::delivery);
  CHECK(delivery.payload == "1234 xxxx");

  CHECK(irc->classify(":bench.confab.local PONG bench.confab.local :7").kind == LineKind::ack);
  CHECK(irc->classify(":bench.confab.local 001 b1 :Welcome").kind == LineKind::registered);
  CHECK(irc->classify(":bench.confab.local 366 b1 #bench0 :End of /NAMES list.").kind ==
        LineKind::joined);
  CHECK(irc->classify(":bench.confab.local 422 b1 :MOTD File is missing").kind == LineKind::other);
  CHECK(irc->classify(":bench.confab.local 433 * b1 :Nickname is already in use.").kind ==
        LineKind::error);
  CHECK(irc->classify(":b2!b2@127.0.0.1 JOIN :#bench0").kind == LineKind::other);

  const auto ping = irc->classify("PING :bench.confab.local");
  CHECK(ping.kind == LineKind::ping);
  CHECK(irc->pong(ping.payload) == "PONG :bench.confab.local\r\n");
}

TEST_CASE("both dialects send a message the way the server expects it") {
  // By default no extra work is asked of either server: a bare PRIVMSG.
  std::string out;
  const auto irc = confab::bench::make_irc_dialect();
  irc->append_message(out, 4, "99 hi", 3, /*ask_ack=*/false);
  CHECK(out == "PRIVMSG #bench4 :99 hi\r\n");
  CHECK_FALSE(irc->acknowledges_messages());
  // The ack window needs a PONG per message.
  out.clear();
  irc->append_message(out, 4, "99 hi", 3, /*ask_ack=*/true);
  CHECK(out == "PRIVMSG #bench4 :99 hi\r\nPING :3\r\n");

  // confab answers every say with its `ok` either way.
  const auto confab = confab::bench::make_confab_dialect();
  CHECK(confab->acknowledges_messages());
  for (const bool ask_ack : {false, true}) {
    out.clear();
    confab->append_message(out, 4, "99 hi", 3, ask_ack);
    CHECK(out == "{\"op\":\"say\",\"room\":\"bench4\",\"text\":\"99 hi\",\"id\":103}\n");
  }
  CHECK(
      confab
          ->classify(
              R"({"from":"b1","msg_id":9,"room":"bench4","text":"99 hi","ts":"t","type":"message"})")
          .payload.substr(0, 5) == "99 hi");
  CHECK(confab->classify(R"({"id":103,"msg_id":9,"op":"say","ts":"t","type":"ok"})").kind ==
        LineKind::ack);
  CHECK(confab->classify(R"({"id":2,"members":[],"op":"join","room":"bench4","type":"ok"})").kind ==
        LineKind::joined);
}
