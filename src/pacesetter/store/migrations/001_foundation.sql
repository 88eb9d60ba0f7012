-- Foundation schema: reference tables, observations with vintages, chain and registry entities.
CREATE TABLE regions (
    code VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    level VARCHAR NOT NULL, parent VARCHAR, synthetic BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE industries (
    code VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, section VARCHAR, parent_code VARCHAR,
    level INTEGER, level_name VARCHAR, description VARCHAR
);
CREATE TABLE indicators (
    id VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    unit VARCHAR NOT NULL, frequency VARCHAR NOT NULL, kind VARCHAR NOT NULL,
    polarity VARCHAR NOT NULL, definition VARCHAR, agency VARCHAR
);
CREATE TABLE observations (
    indicator_id VARCHAR NOT NULL, region_code VARCHAR NOT NULL, period VARCHAR NOT NULL,
    value DOUBLE NOT NULL, unit VARCHAR NOT NULL, source VARCHAR NOT NULL,
    source_title VARCHAR, quote VARCHAR, vintage DATE, status VARCHAR NOT NULL,
    note VARCHAR, flags VARCHAR, derived_from VARCHAR, synthetic BOOLEAN NOT NULL,
    imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX observations_key ON observations (indicator_id, region_code, period);
CREATE TABLE chains (
    id VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
    category VARCHAR NOT NULL, identified BOOLEAN NOT NULL, source VARCHAR, note VARCHAR
);
CREATE TABLE segments (
    id VARCHAR PRIMARY KEY, chain_id VARCHAR NOT NULL, name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL, stage VARCHAR NOT NULL, depends_on VARCHAR[],
    industry_codes VARCHAR[], critical BOOLEAN NOT NULL, authored BOOLEAN NOT NULL
);
CREATE TABLE enterprises (
    id VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR, uscc VARCHAR,
    region_code VARCHAR, park_id VARCHAR, industry_code VARCHAR, segments VARCHAR[],
    chain_leader BOOLEAN NOT NULL, srdi BOOLEAN NOT NULL, high_tech BOOLEAN NOT NULL,
    source VARCHAR, synthetic BOOLEAN NOT NULL
);
CREATE TABLE enterprise_placements (
    enterprise_id VARCHAR NOT NULL, chain_id VARCHAR NOT NULL, segment_id VARCHAR,
    role VARCHAR, basis VARCHAR, district VARCHAR, facts VARCHAR, source VARCHAR, quote VARCHAR
);
CREATE TABLE parks (
    id VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, name_en VARCHAR, district VARCHAR,
    chain_ids VARCHAR[], area_mu DOUBLE, facts VARCHAR, source VARCHAR
);
CREATE TABLE projects (
    id VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, investor VARCHAR, chain_id VARCHAR,
    stage VARCHAR NOT NULL, stage_date DATE, investment_yi DOUBLE, district VARCHAR,
    source VARCHAR, note VARCHAR
);
CREATE TABLE policies (
    id VARCHAR PRIMARY KEY, name_zh VARCHAR NOT NULL, year INTEGER, issuer VARCHAR,
    chain_ids VARCHAR[], instruments VARCHAR[], amount_yi DOUBLE, summary VARCHAR, source VARCHAR
);
CREATE TABLE targets (
    indicator_id VARCHAR NOT NULL, region_code VARCHAR NOT NULL, year INTEGER NOT NULL,
    value DOUBLE NOT NULL, unit VARCHAR NOT NULL, comparison VARCHAR NOT NULL,
    source VARCHAR, note VARCHAR, PRIMARY KEY (indicator_id, region_code, year)
);
