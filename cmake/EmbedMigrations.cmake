# Turns migrations/NNNN_name.sql into a C++ table so the server binary carries
# its schema and never depends on where it was installed from.
file(GLOB migration_files "${MIGRATIONS_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT migration_files)
set(body "")
foreach(path IN LISTS migration_files)
  get_filename_component(file_name "${path}" NAME_WE)
  string(REGEX MATCH "^([0-9]+)_(.*)$" _ "${file_name}")
  math(EXPR version "${CMAKE_MATCH_1}")
  set(name "${CMAKE_MATCH_2}")
  file(READ "${path}" sql)
  string(APPEND body "    {${version}, \"${name}\", R\"confab_sql(${sql})confab_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from migrations/*.sql by cmake/EmbedMigrations.cmake.\n"
  "#include \"storage/migrations.hpp\"\n\n"
  "namespace confab::storage {\n\n"
  "const std::vector<Migration>& embedded_migrations() {\n"
  "  static const std::vector<Migration> migrations{\n${body}  };\n"
  "  return migrations;\n}\n\n}  // namespace confab::storage\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
file(REMOVE "${OUTPUT}.tmp")
