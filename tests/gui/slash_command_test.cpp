#include <doctest/doctest.h>

#include "SlashCommand.h"

TEST_CASE("typed /commands are read into a command, its target and the rest") {
  const auto create = parseSlashCommand(QStringLiteral("/create dev  tools and builds"));
  CHECK(create.kind == SlashCommand::Kind::Create);
  CHECK(create.target == QStringLiteral("dev"));
  CHECK(create.rest == QStringLiteral("tools and builds"));

  const auto msg = parseSlashCommand(QStringLiteral("/MSG bob see you at 5"));
  CHECK(msg.kind == SlashCommand::Kind::Msg);
  CHECK(msg.target == QStringLiteral("bob"));
  CHECK(msg.rest == QStringLiteral("see you at 5"));

  const auto upload = parseSlashCommand(QStringLiteral("/upload /tmp/my report.pdf"));
  CHECK(upload.kind == SlashCommand::Kind::Upload);
  CHECK(upload.rest == QStringLiteral("/tmp/my report.pdf"));

  const auto topic = parseSlashCommand(QStringLiteral("/topic release on Friday"));
  CHECK(topic.kind == SlashCommand::Kind::Topic);
  CHECK(topic.rest == QStringLiteral("release on Friday"));
  CHECK(parseSlashCommand(QStringLiteral("/topic")).rest.isEmpty());

  const auto kick = parseSlashCommand(QStringLiteral("/kick bob off topic"));
  CHECK(kick.kind == SlashCommand::Kind::Kick);
  CHECK(kick.target == QStringLiteral("bob"));
  CHECK(kick.rest == QStringLiteral("off topic"));

  const auto me = parseSlashCommand(QStringLiteral("/me waves at bob"));
  CHECK(me.kind == SlashCommand::Kind::Me);
  CHECK(me.rest == QStringLiteral("waves at bob"));

  CHECK(parseSlashCommand(QStringLiteral("/leave")).kind == SlashCommand::Kind::Leave);
  CHECK(parseSlashCommand(QStringLiteral("/leave dev")).target == QStringLiteral("dev"));
}

TEST_CASE("a /command without the words it needs, or unknown, points to /help") {
  CHECK(parseSlashCommand(QStringLiteral("/join")).kind == SlashCommand::Kind::Unknown);
  CHECK(parseSlashCommand(QStringLiteral("/msg bob")).kind == SlashCommand::Kind::Unknown);
  CHECK(parseSlashCommand(QStringLiteral("/kick")).kind == SlashCommand::Kind::Unknown);
  CHECK(parseSlashCommand(QStringLiteral("/me")).kind == SlashCommand::Kind::Unknown);
  const auto unknown = parseSlashCommand(QStringLiteral("/frobnicate now"));
  CHECK(unknown.kind == SlashCommand::Kind::Unknown);
  CHECK(unknown.typed == QStringLiteral("/frobnicate"));
}
