<?php

/**
 * @generate-function-entries
 * @generate-legacy-arginfo 80100
 */

/** @refcount 1 */
function smtpdiag_environment(array $options = []): array {}
