package io.shopscale.platform.jobs;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits for work no caller waits for.
 *
 * @param statementTimeout how long one statement of a background job may run (or wait for a lock) before
 *     PostgreSQL cancels it; well above what the jobs' bounded batches take, well below "forever"
 */
@ConfigurationProperties("shopscale.background")
public record BackgroundWorkSettings(@DefaultValue("30s") Duration statementTimeout) {
}
