package com.headshotpro.webhooks.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The dev profile runs on the well-known keys of application-dev.yml: say so, loudly. */
@Component
@Profile("dev")
class DevProfileWarning {

    private static final Logger log = LoggerFactory.getLogger(DevProfileWarning.class);

    @EventListener(ApplicationReadyEvent.class)
    void warn() {
        log.warn("**************************************************************************************");
        log.warn("* DEV PROFILE: running with the public development JWT and encryption keys and with  *");
        log.warn("* http and private webhook targets allowed. Never use this profile in production.    *");
        log.warn("**************************************************************************************");
    }
}
