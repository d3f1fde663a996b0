<?php

/**
 * @generate-function-entries
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

/** The last report of this request explaining a PHPMailer failure (smtpdiag.explain = full), or null. */
function smtpdiag_last_failure(): ?array {}
