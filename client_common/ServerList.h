#pragma once

#include <QString>
#include <QVector>

#include "Redial.h"

// The servers a user names in one field: "host", "host:port" or
// "[IPv6]:port", several separated by commas (the nodes of a cluster). A
// server without a port gets `defaultPort`; a bare IPv6 address has no
// port. Empty when the text names no server or any entry is malformed.
QVector<Redial::Server> parseServerList(const QString& text, quint16 defaultPort,
                                        ChatConnection::Security security);
