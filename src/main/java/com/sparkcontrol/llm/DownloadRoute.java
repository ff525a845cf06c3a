package com.sparkcontrol.llm;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The download flow ({@code direct:llm-download}, body: the {@link Download} that {@link Downloads#begin} created):
 * disk-space check on every target node, then {@code hf-download.sh}; a failure ends the download FAILED with its cause.
 */
@Component
class DownloadRoute extends RouteBuilder {

    private final DownloadPreflight preflight;
    private final HfDownloadRun run;
    private final Downloads downloads;

    DownloadRoute(DownloadPreflight preflight, HfDownloadRun run, Downloads downloads) {
        this.preflight = preflight;
        this.run = run;
        this.downloads = downloads;
    }

    @Override
    public void configure() {
        errorHandler(noErrorHandler());

        from("direct:llm-download").routeId("llm-download")
                .doTry()
                    .to("direct:llm-download-preflight")
                    .to("direct:llm-download-run")
                .doCatch(Exception.class)
                    .process(exchange -> downloads.end(exchange.getIn().getBody(Download.class), DownloadState.FAILED,
                            exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()))
                .doFinally()
                    .process(exchange -> downloads.end(exchange.getIn().getBody(Download.class), DownloadState.FAILED, "ended without an outcome"))
                .end();

        from("direct:llm-download-preflight").routeId("llm-download-preflight").process(preflight);
        from("direct:llm-download-run").routeId("llm-download-run").process(run);
    }
}
