package com.sparkcontrol.llm;

/** Where a download stands: running (checking space, downloading, copying to the workers) or finished. */
public enum DownloadState {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this != RUNNING;
    }
}
