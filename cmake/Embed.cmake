# ytm_embed(<target> <symbol> <base-dir> <files...>) compiles files into the executable as
#   std::span<const ytm::EmbeddedFile> <symbol>()  (name relative to base-dir, contents)
# so migrations and default prompts ship inside the binary.
function(ytm_embed target symbol base)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${symbol}.cpp)
  set(script ${CMAKE_SOURCE_DIR}/cmake/EmbedGenerate.cmake)
  # A list with more than one file must reach the script as one argument.
  string(REPLACE ";" "$<SEMICOLON>" files "${ARGN}")
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSYMBOL=${symbol} -DBASE=${base} "-DFILES=${files}" -P ${script}
    DEPENDS ${ARGN} ${script}
    COMMENT "Embedding ${symbol}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
