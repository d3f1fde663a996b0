<?php

/**
 * @generate-function-entries
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

/** @refcount 1 */
function smtpdiag_environment(array $options = []): array {}

/** @refcount 1 */
function smtpdiag_probe(string $host, int $port = 0, array $options = []): array {}

/** @refcount 1 */
function smtpdiag_phpmailer(object $mailer, array $options = []): array {}

/** @refcount 1 */
function smtpdiag_format(array $report, string $format = "text"): string {}

/** @refcount 1 */
function smtpdiag_scan(string $host, array $options = []): array {}

/**
 * Reads a mailer DSN as Symfony Mailer does (smtp:// and smtps://, percent-encoded user and password,
 * ?verify_peer=0, ?local_domain=, ?auto_tls=, ?require_tls=, ?source_ip=) into
 * ['scheme', 'host', 'port', 'options', 'credentials', 'ignored', 'notes']: smtpdiag_probe($r['host'],
 * $r['port'], $r['options']) checks the connection Symfony would make; add $r['credentials'] to the
 * options to try AUTH as well. An invalid DSN is a ValueError that says what is wrong and never quotes
 * the user name or password.
 * @refcount 1
 */
function smtpdiag_dsn(#[\SensitiveParameter] string $dsn): array {}

/** The last report of this request explaining a PHPMailer failure (smtpdiag.explain = full), or null. */
function smtpdiag_last_failure(): ?array {}
