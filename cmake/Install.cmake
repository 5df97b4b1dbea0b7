# Install rules and packaging (cpack -G DEB). Included at the end of the top-level CMakeLists.txt.
#
# `cmake --install BUILD [--prefix /usr]` puts, relative to the prefix:
#   bin/ytmonitor
#   lib/systemd/system/ytmonitor.service, ytmonitor@.service   lib/systemd/user/ytmonitor.service
#   lib/sysusers.d/ytmonitor.conf
#   share/man/man1/ytmonitor.1.gz
#   share/doc/ytmonitor/*.md, share/doc/ytmonitor/examples/ (config.yaml, subscriptions.yaml, prompts/)
# and /etc/ytmonitor/config.yaml and subscriptions.yaml (always /etc: the units read them there),
# which a source install never overwrites and the .deb marks as conffiles.
include(GNUInstallDirs)

# Installing (and cpack) needs only the executable: do not build every test and benchmark
# first. Build, then install: cmake --build BUILD --target ytmonitor && cmake --install BUILD
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

set(YTM_UNITDIR "lib/systemd/system" CACHE STRING "systemd system units, relative to the prefix")
set(YTM_USERUNITDIR "lib/systemd/user" CACHE STRING "systemd user units, relative to the prefix")
set(YTM_SYSUSERSDIR "lib/sysusers.d" CACHE STRING "sysusers.d entries, relative to the prefix")
set(YTM_CONFDIR "/etc/ytmonitor" CACHE PATH "where the units read config.yaml")

set(ytm_generated ${CMAKE_BINARY_DIR}/install-generated)
set(ytm_units systemd/ytmonitor.service systemd/ytmonitor@.service systemd/user/ytmonitor.service)

# The units name the executable as /usr/bin/ytmonitor. The prefix is known only when installing
# (`cmake --install --prefix`, cpack), so the copies that get installed are written then.
set(ytm_unit_code "")
foreach(unit IN LISTS ytm_units)
  string(APPEND ytm_unit_code "
    file(READ [[${PROJECT_SOURCE_DIR}/${unit}]] text)
    string(REPLACE /usr/bin/ytmonitor \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/ytmonitor\" text \"\${text}\")
    file(WRITE [[${ytm_generated}/${unit}]] \"\${text}\")")
endforeach()
install(CODE "${ytm_unit_code}")

# The man page gets this build's version in its header and is compressed, as Debian wants
# (gzip -n: the same bytes from build to build).
find_program(YTM_GZIP gzip REQUIRED)
install(CODE "
  file(READ [[${PROJECT_SOURCE_DIR}/docs/ytmonitor.1]] text)
  string(REGEX REPLACE \"\\\"ytmonitor [0-9.]+\\\"\" \"\\\"ytmonitor ${PROJECT_VERSION}\\\"\" text \"\${text}\")
  file(WRITE [[${ytm_generated}/ytmonitor.1]] \"\${text}\")
  execute_process(COMMAND [[${YTM_GZIP}]] -9 -n -f [[${ytm_generated}/ytmonitor.1]] COMMAND_ERROR_IS_FATAL ANY)")

install(TARGETS ytmonitor RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${ytm_generated}/systemd/ytmonitor.service ${ytm_generated}/systemd/ytmonitor@.service
        DESTINATION ${YTM_UNITDIR})
install(FILES ${ytm_generated}/systemd/user/ytmonitor.service DESTINATION ${YTM_USERUNITDIR})
install(FILES systemd/sysusers.d/ytmonitor.conf DESTINATION ${YTM_SYSUSERSDIR})
install(FILES ${ytm_generated}/ytmonitor.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} FILES_MATCHING PATTERN "*.md")
install(DIRECTORY config/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# Whoever builds the package maintains it: DEBFULLNAME and DEBEMAIL as Debian's tools read them,
# else the git identity of the checkout, else -DYTM_DEB_MAINTAINER="Name <address>".
set(ytm_maintainer_name "$ENV{DEBFULLNAME}")
set(ytm_maintainer_mail "$ENV{DEBEMAIL}")
find_program(YTM_GIT git)
foreach(key name mail)
  if(NOT ytm_maintainer_${key} AND YTM_GIT)
    if(key STREQUAL name)
      set(git_key user.name)
    else()
      set(git_key user.email)
    endif()
    execute_process(COMMAND ${YTM_GIT} -C ${PROJECT_SOURCE_DIR} config ${git_key}
                    OUTPUT_VARIABLE ytm_maintainer_${key} OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  endif()
endforeach()
if(ytm_maintainer_name AND ytm_maintainer_mail)
  set(ytm_maintainer_default "${ytm_maintainer_name} <${ytm_maintainer_mail}>")
else()
  set(ytm_maintainer_default "")
endif()
set(YTM_DEB_MAINTAINER "${ytm_maintainer_default}" CACHE STRING "Maintainer field of the .deb: Name <address>")
if(NOT YTM_DEB_MAINTAINER MATCHES "^[^<>]+ <[^<>@ ]+@[^<>@ ]+>$")
  # As dch does without DEBEMAIL: the user at this host.
  cmake_host_system_information(RESULT ytm_host QUERY FQDN)
  # CI runners and containers often have neither USER nor a git identity: ask the system.
  # lintian refuses root as a contact and a host name without a dot ("vm"), so those become
  # "builder" and "<host>.invalid", a name reserved for addresses that reach no one.
  execute_process(COMMAND id -un OUTPUT_VARIABLE ytm_user OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT ytm_user MATCHES "^[A-Za-z0-9._-]+$" OR ytm_user STREQUAL root)
    set(ytm_user builder)
  endif()
  if(NOT ytm_host MATCHES "^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$")
    string(REGEX REPLACE "[^A-Za-z0-9-]" "" ytm_host "${ytm_host}")
    string(APPEND ytm_host ".invalid")
  endif()
  set(YTM_DEB_MAINTAINER "${ytm_user} <${ytm_user}@${ytm_host}>")
  message(STATUS "The .deb's maintainer is ${YTM_DEB_MAINTAINER}: set DEBFULLNAME and DEBEMAIL, or "
                 "-DYTM_DEB_MAINTAINER=\"Name <address>\", to name yourself")
endif()

# What Debian wants beside the documentation: the copyright file, the changelog (gzip -n: the same
# bytes from build to build) and lintian's overrides of what it misreads.
configure_file(packaging/copyright ${ytm_generated}/copyright @ONLY)
configure_file(packaging/changelog.in ${ytm_generated}/changelog @ONLY)
file(STRINGS packaging/changelog.in ytm_changelog_top LIMIT_COUNT 1)
if(NOT ytm_changelog_top MATCHES "^ytmonitor \\(${PROJECT_VERSION}\\) ")
  message(FATAL_ERROR "packaging/changelog.in does not begin with version ${PROJECT_VERSION}: add an entry")
endif()
install(CODE "execute_process(COMMAND [[${YTM_GZIP}]] -9 -n -c [[${ytm_generated}/changelog]]
                              OUTPUT_FILE [[${ytm_generated}/changelog.gz]] COMMAND_ERROR_IS_FATAL ANY)")
install(FILES ${ytm_generated}/copyright ${ytm_generated}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES packaging/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME ytmonitor)

# /etc/ytmonitor: the prompts stay out, since they are compiled in and a file in
# /etc/ytmonitor/prompts/ replaces the built-in one (copy one from examples/ to change it).
set(ytm_conffiles config.yaml subscriptions.yaml)
set(ytm_conf_code "")
foreach(f IN LISTS ytm_conffiles)
  string(APPEND ytm_conf_code "
    if(EXISTS \"\$ENV{DESTDIR}${YTM_CONFDIR}/${f}\")
      message(STATUS \"Keeping: \$ENV{DESTDIR}${YTM_CONFDIR}/${f}\")
    else()
      file(INSTALL DESTINATION \"${YTM_CONFDIR}\" TYPE FILE FILES [[${PROJECT_SOURCE_DIR}/config/${f}]])
    endif()")
endforeach()
install(CODE "${ytm_conf_code}")

# ---- Debian package -------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ytmonitor)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Absolute destinations (/etc/ytmonitor) need the staging area passed as DESTDIR; the
# prefix is then CPACK_INSTALL_PREFIX.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "watches YouTube channels and writes translated summaries")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${YTM_DEB_MAINTAINER}")
# The synopsis comes from CPACK_PACKAGE_DESCRIPTION_SUMMARY; CPack indents these lines.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "ytmonitor is a daemon for a home server. It notices each new upload of the
channels it follows within minutes, fetches the transcript with yt-dlp (or
transcribes the audio with whisper.cpp), has a language model translate and
summarise it, and writes one Markdown document per video into a folder you sync
to your other devices.")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
# The package carries a stripped executable; the build folder keeps the one with symbols.
set(CPACK_STRIP_FILES TRUE)
# Library dependencies come from dpkg-shlibdeps (package dpkg-dev); these are the rest:
# systemd-sysusers in postinst and a systemd that knows every setting of the units
# (PrivateIPC= is from 248), CA certificates for HTTPS.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# init-system-helpers: deb-systemd-invoke in the maintainer scripts (policy-rc.d is asked first).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd (>= 248), ca-certificates, init-system-helpers (>= 1.54~)")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "yt-dlp, ffmpeg")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "sqlite3, nodejs, apprise")

# Maintainer scripts. They honour DPKG_ROOT so that dpkg --root works (tests/ops uses it).
set(ytm_deb ${CMAKE_BINARY_DIR}/deb-control)
file(WRITE ${ytm_deb}/postinst [=[#!/bin/sh
# Creates the user ytmonitor; never starts the service: the example configuration
# follows channels the owner may not want (see /usr/share/doc/ytmonitor/operations.md).
set -e
if [ "$1" = configure ]; then
  systemd-sysusers --root="${DPKG_ROOT:-/}" ytmonitor.conf
  if [ -z "$DPKG_ROOT" ] && [ -d /run/systemd/system ]; then
    systemctl --system daemon-reload >/dev/null || true
    # An upgrade restarts what was running, with the new executable.
    if [ -n "$2" ]; then
      deb-systemd-invoke try-restart ytmonitor.service 'ytmonitor@*.service' >/dev/null || true
    fi
  fi
fi
exit 0
]=])
file(WRITE ${ytm_deb}/prerm [=[#!/bin/sh
set -e
if [ "$1" = remove ] && [ -z "$DPKG_ROOT" ] && [ -d /run/systemd/system ]; then
  deb-systemd-invoke stop ytmonitor.service 'ytmonitor@*.service' >/dev/null 2>&1 || true
fi
exit 0
]=])
file(WRITE ${ytm_deb}/postrm [=[#!/bin/sh
# Purging keeps /var/lib/ytmonitor: the database holds model work that was paid for.
set -e
if [ "$1" = remove ] || [ "$1" = purge ]; then
  if [ -z "$DPKG_ROOT" ] && [ -d /run/systemd/system ]; then
    systemctl --system daemon-reload >/dev/null || true
  fi
fi
if [ "$1" = purge ]; then
  rm -f "$DPKG_ROOT/etc/systemd/system/multi-user.target.wants/ytmonitor.service"
  rm -f "$DPKG_ROOT"/etc/systemd/system/multi-user.target.wants/ytmonitor@*.service
  rm -rf "$DPKG_ROOT/var/cache/ytmonitor"
  if [ -d "$DPKG_ROOT/var/lib/ytmonitor" ]; then
    echo "ytmonitor: kept $DPKG_ROOT/var/lib/ytmonitor (the database); remove it yourself if unwanted"
  fi
fi
exit 0
]=])
set(ytm_conffile_list "")
foreach(f IN LISTS ytm_conffiles)
  string(APPEND ytm_conffile_list "${YTM_CONFDIR}/${f}\n")
endforeach()
file(WRITE ${ytm_deb}/conffiles "${ytm_conffile_list}")
file(CHMOD ${ytm_deb}/postinst ${ytm_deb}/prerm ${ytm_deb}/postrm
     PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${ytm_deb}/postinst ${ytm_deb}/prerm ${ytm_deb}/postrm ${ytm_deb}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

include(CPack)
