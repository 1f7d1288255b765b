-- dash_status_category(code): the text of a 277CA claim status category code
-- (X12 code list 507, the acknowledgement categories a 277CA sends).
CREATE OR REPLACE TEMP MACRO dash_status_category(code) AS
    CASE code
        WHEN 'A0' THEN 'Acknowledgement/Forwarded'
        WHEN 'A1' THEN 'Acknowledgement/Receipt'
        WHEN 'A2' THEN 'Acknowledgement/Acceptance into adjudication system'
        WHEN 'A3' THEN 'Acknowledgement/Returned as unprocessable claim'
        WHEN 'A4' THEN 'Acknowledgement/Not Found'
        WHEN 'A5' THEN 'Acknowledgement/Split Claim'
        WHEN 'A6' THEN 'Acknowledgement/Rejected for Missing Information'
        WHEN 'A7' THEN 'Acknowledgement/Rejected for Invalid Information'
        WHEN 'A8' THEN 'Acknowledgement/Rejected for relational field in error'
    END;
