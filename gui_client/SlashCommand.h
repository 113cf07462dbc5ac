#pragma once

#include <QString>

// A line typed in the message box that starts with '/': which command, and
// its words. Parsing is kept apart from what the client then does, so the
// command language can be read (and tested) on its own.
struct SlashCommand {
  enum class Kind {
    Create,
    Join,
    Leave,
    Msg,
    Rooms,
    Users,
    Upload,
    Topic,
    Kick,
    Me,
    Help,
    Unknown
  };

  Kind kind = Kind::Unknown;
  // The first word after the command (a room, a nick); empty when none.
  QString target;
  // Everything after `target` (a topic, a message's text), or after the
  // command when it takes no target (/upload PATH).
  QString rest;
  // What was typed, for "unknown command".
  QString typed;
};

// `text` starts with '/'. A known command without the words it needs is
// Unknown: the user is pointed to /help.
SlashCommand parseSlashCommand(const QString& text);

QString slashCommandHelp();
