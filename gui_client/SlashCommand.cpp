#include "SlashCommand.h"

#include <QCoreApplication>
#include <QStringList>

SlashCommand parseSlashCommand(const QString& text) {
  SlashCommand command;
  command.typed = text.section(' ', 0, 0);
  const auto words = text.mid(1).split(' ', Qt::SkipEmptyParts);
  const auto name = words.value(0).toLower();
  const auto afterName = text.mid(1 + name.size()).trimmed();
  command.target = words.value(1);
  command.rest = afterName.mid(command.target.size()).trimmed();
  using Kind = SlashCommand::Kind;
  if (name == "create" && !command.target.isEmpty()) {
    command.kind = Kind::Create;
  } else if (name == "join" && !command.target.isEmpty()) {
    command.kind = Kind::Join;
  } else if (name == "leave") {
    command.kind = Kind::Leave;
  } else if (name == "msg" && words.size() > 2) {
    command.kind = Kind::Msg;
  } else if (name == "rooms") {
    command.kind = Kind::Rooms;
  } else if (name == "users") {
    command.kind = Kind::Users;
  } else if (name == "upload" && !afterName.isEmpty()) {
    command.kind = Kind::Upload;
    command.target.clear();
    command.rest = afterName;
  } else if (name == "topic") {
    // The whole rest is the topic; none reads it.
    command.kind = Kind::Topic;
    command.target.clear();
    command.rest = afterName;
  } else if (name == "kick" && !command.target.isEmpty()) {
    command.kind = Kind::Kick;
  } else if (name == "me" && !afterName.isEmpty()) {
    command.kind = Kind::Me;
    command.target.clear();
    command.rest = afterName;
  } else if (name == "help") {
    command.kind = Kind::Help;
  }
  return command;
}

QString slashCommandHelp() {
  return QCoreApplication::translate(
      "ChatClient",
      "Commands: /create ROOM [topic], /join ROOM, /leave, /msg NICK TEXT, /me TEXT, "
      "/topic [TEXT], /kick NICK [REASON], /rooms, /users, /upload PATH, /help");
}
