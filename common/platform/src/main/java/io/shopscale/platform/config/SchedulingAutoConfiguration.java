package io.shopscale.platform.config;

import java.util.concurrent.ScheduledExecutorService;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

/**
 * Periodic jobs (the saga's timeout sweep, purges) each get a thread of their own. With virtual threads on, Boot's
 * scheduler runs every fixed-delay job on its single scheduler thread (that is how it keeps fixed-delay semantics),
 * so one long purge would hold back the saga's timeout sweep. A small pool of virtual threads keeps fixed-delay
 * semantics per job without that coupling; {@code spring.task.scheduling.pool.size} (4) bounds how many run at once.
 */
@AutoConfiguration(before = TaskSchedulingAutoConfiguration.class)
@ConditionalOnBean(name = TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME)
public class SchedulingAutoConfiguration {

  @Bean(name = "taskScheduler")
  @ConditionalOnMissingBean({TaskScheduler.class, ScheduledExecutorService.class})
  ThreadPoolTaskScheduler taskScheduler(Environment environment) {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(environment.getProperty("spring.task.scheduling.pool.size", Integer.class, 4));
    scheduler.setThreadFactory(Thread.ofVirtual().name("scheduling-", 1).factory());
    return scheduler;
  }
}
